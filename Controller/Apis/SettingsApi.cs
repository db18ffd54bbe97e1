using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Settings;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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

    public static async Task<Ok<MeshSettingsAdminDto>> GetAsync(MeshSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetAsync(cancellationToken));

    public static async Task<Results<Ok<MeshSettingsAdminDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateSettingsRequest request, MeshSettingsService settings, CancellationToken cancellationToken)
    {
        var errors = MeshSettingsService.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid mesh settings");
        }
        var update = await settings.UpdateAsync(request, cancellationToken);
        return update.Settings is { } changed
            ? TypedResults.Ok(changed)
            : TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = update.ConflictTitle, Detail = update.ConflictDetail });
    }
}
