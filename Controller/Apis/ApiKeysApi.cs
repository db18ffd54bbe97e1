using System.Security.Claims;
using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Administration;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Babelwire.Controller.Apis;

public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/api-keys").WithTags("ApiKeys").RequireAuthorization(AuthorizationPolicies.Admin);
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create an admin API key; its secret is in this answer only");
        keys.MapGet("/", ListAsync).WithName("ListApiKeys")
            .WithSummary("List the admin API keys (without secrets)");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey")
            .WithSummary("Revoke an admin API key; the last active key cannot be revoked (409)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Created<CreatedApiKeyDto>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, ApiKeyAdministration keys, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request, cancellationToken);
        if (created.Problem is { } problem)
        {
            return TypedResults.ValidationProblem(problem.Errors!, title: problem.Title);
        }
        return TypedResults.Created($"/api/v1/api-keys/{created.Value!.Key.Id}", created.Value);
    }

    internal static async Task<Ok<IReadOnlyList<ApiKeyDto>>> ListAsync(ApiKeyAdministration keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(cancellationToken)).Value!);

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, ApiKeyAdministration keys, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(id, cancellationToken);
        if (revoked.Problem is { Kind: AdminProblemKind.Conflict } && user.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString())
        {
            revoked = AdminResult<Done>.Fail(ApiKeyAdministration.LastActiveKey(own: true));
        }
        return AdminResults.NoContent(revoked);
    }
}
