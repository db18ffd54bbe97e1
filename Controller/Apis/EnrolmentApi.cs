using Babelwire.Controller.Extensions;
using Babelwire.Controller.Services.Enrolment;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Babelwire.Controller.Apis;

public static class EnrolmentApi
{
    /// <summary>POST <see cref="ControlPlaneRoutes.Enrolment"/>: the one API endpoint open without an admin key (the token is the credential), rate-limited per client IP.</summary>
    public static IEndpointRouteBuilder MapEnrolmentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ControlPlaneRoutes.Enrolment, EnrolAsync)
            .WithTags("Enrolment")
            .WithName("Enrol")
            .WithSummary("Enrol a node with an enrolment token")
            .WithDescription("201 with the node's identity, hub credential and addresses for a new public key; 200 with the same node and a fresh credential for a key already enrolled (no token use). 403 with a 'reason' (unknown-token, expired, revoked, used-up, node-disabled) when refused, 409 when the address range is full, 429 when rate-limited.")
            .AllowAnonymous()
            .RequireRateLimiting(EnrolmentExtensions.EnrolmentRateLimitPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Results<Created<EnrolmentResponse>, Ok<EnrolmentResponse>, ValidationProblem, ProblemHttpResult>> EnrolAsync(
        EnrolmentRequest request, EnrolmentService enrolment, CancellationToken cancellationToken)
    {
        if (!EnrolmentRequestValidator.TryValidate(request, out var validated, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid enrolment request",
                detail: "The request has invalid fields; 'errors' says which and why.");
        }
        var outcome = await enrolment.EnrolAsync(validated!, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            // TypedResults.Problem, not Conflict<ProblemDetails>: only ProblemHttpResult writes application/problem+json.
            return TypedResults.Problem(new ProblemDetails { Status = refusal.Status, Title = refusal.Title, Detail = refusal.Detail, Extensions = { ["reason"] = refusal.Reason } });
        }
        return outcome.Created
            ? TypedResults.Created($"{ControlPlaneRoutes.ApiV1}/nodes/{outcome.Response!.NodeId}", outcome.Response)
            : TypedResults.Ok(outcome.Response!);
    }
}
