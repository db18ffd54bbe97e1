using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Enrolment;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Babelwire.Controller.Apis;

public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(AuthorizationPolicies.Admin);
        tokens.MapPost("/", CreateAsync).WithName("CreateEnrolmentToken")
            .WithSummary("Create an enrolment token; its secret is in this answer only");
        tokens.MapGet("/", ListAsync).WithName("ListEnrolmentTokens")
            .WithSummary("List every enrolment token (without secrets), newest first");
        tokens.MapGet("/{id:guid}", GetAsync).WithName("GetEnrolmentToken")
            .WithSummary("Get an enrolment token (without its secret)").ProducesProblem(StatusCodes.Status404NotFound);
        tokens.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeEnrolmentToken")
            .WithSummary("Revoke an enrolment token: no more enrolments with it; the token stays listed as revoked")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<CreatedEnrolmentTokenDto>, ValidationProblem>> CreateAsync(
        CreateEnrolmentTokenRequest request, EnrolmentTokens tokens, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = EnrolmentTokens.Validate(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid enrolment token");
        }
        var created = await tokens.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/tokens/{created.Token.Id}", created);
    }

    public static async Task<Ok<IReadOnlyList<EnrolmentTokenDto>>> ListAsync(EnrolmentTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(cancellationToken));

    public static async Task<Results<Ok<EnrolmentTokenDto>, ProblemHttpResult>> GetAsync(Guid id, EnrolmentTokens tokens, CancellationToken cancellationToken) =>
        await tokens.FindAsync(id, cancellationToken) is { } token ? TypedResults.Ok(token) : TypedResults.Problem(NotFound(id));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, EnrolmentTokens tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.Problem(NotFound(id));

    private static ProblemDetails NotFound(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Enrolment token not found",
        Detail = $"There is no enrolment token {id}.",
    };
}
