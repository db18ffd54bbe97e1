using Babelwire.Controller.Security;
using Babelwire.Controller.Services.Administration;
using Babelwire.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

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

    internal static async Task<Results<Created<CreatedEnrolmentTokenDto>, ValidationProblem>> CreateAsync(
        CreateEnrolmentTokenRequest request, EnrolmentTokenAdministration tokens, CancellationToken cancellationToken)
    {
        var created = await tokens.CreateAsync(request, cancellationToken);
        if (created.Problem is { } problem)
        {
            return TypedResults.ValidationProblem(problem.Errors!, title: problem.Title);
        }
        return TypedResults.Created($"/api/v1/tokens/{created.Value!.Token.Id}", created.Value);
    }

    internal static async Task<Ok<IReadOnlyList<EnrolmentTokenDto>>> ListAsync(EnrolmentTokenAdministration tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.ListAsync(cancellationToken)).Value!);

    internal static async Task<Results<Ok<EnrolmentTokenDto>, ProblemHttpResult>> GetAsync(Guid id, EnrolmentTokenAdministration tokens, CancellationToken cancellationToken) =>
        AdminResults.Ok(await tokens.FindAsync(id, cancellationToken));

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, EnrolmentTokenAdministration tokens, CancellationToken cancellationToken) =>
        AdminResults.NoContent(await tokens.RevokeAsync(id, cancellationToken));
}
