using System.Security.Claims;
using Babelwire.Controller.Security;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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

    public static async Task<Results<Created<CreatedApiKeyDto>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var errors = ApiKeyStore.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid API key");
        }
        var created = await keys.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{created.Key.Id}", created);
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyDto>>> ListAsync(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var own = user.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString();
        return await keys.RevokeAsync(id, cancellationToken) switch
        {
            ApiKeyRevocation.Revoked => TypedResults.NoContent(),
            ApiKeyRevocation.NotFound => TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound, Title = "API key not found", Detail = $"There is no API key {id}.",
            }),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Last active API key",
                Detail = own
                    ? "This is the key you are using and the only active one: create another key first, so the controller stays administrable."
                    : "This is the only active API key: create another key first, so the controller stays administrable.",
            }),
        };
    }
}
