using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Administration;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Babelwire.Controller.Apis;

public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/v1/settings").WithTags("Settings").RequireAuthorization(AuthorizationPolicies.Admin);
        settings.MapGet("/", GetAsync).WithName("GetSettings")
            .WithSummary("Get the mesh settings: overlay prefixes, state report interval, address grace period, event retention");
        settings.MapPatch("/", UpdateAsync).WithName("UpdateSettings")
            .WithSummary("Change some mesh settings (absent fields stay); prefixes only while no node exists (else 409)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Ok<MeshSettingsAdminDto>> GetAsync(MeshSettingsAdministration settings, CancellationToken cancellationToken) =>
        TypedResults.Ok((await settings.GetAsync(cancellationToken)).Value!);

    internal static async Task<Results<Ok<MeshSettingsAdminDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateSettingsRequest request, MeshSettingsAdministration settings, CancellationToken cancellationToken)
    {
        var update = await settings.UpdateAsync(request, cancellationToken);
        return update.Problem switch
        {
            null => TypedResults.Ok(update.Value!),
            { Kind: AdminProblemKind.Invalid } problem => TypedResults.ValidationProblem(problem.Errors!, title: problem.Title),
            { } problem => TypedResults.Problem(AdminResults.ToProblemDetails(problem)),
        };
    }
}
