using Babelwire.Shared.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Babelwire.Controller.Apis;

/// <summary>An administration service's answer as an HTTP result: the value, or its problem with the status that fits.</summary>
internal static class AdminResults
{
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(AdminResult<T> result)
    {
        if (result.Problem is { } problem)
        {
            return TypedResults.Problem(ToProblemDetails(problem));
        }
        return TypedResults.Ok(result.Value!);
    }

    public static Results<NoContent, ProblemHttpResult> NoContent(AdminResult<Done> result)
    {
        if (result.Problem is { } problem)
        {
            return TypedResults.Problem(ToProblemDetails(problem));
        }
        return TypedResults.NoContent();
    }

    public static ProblemDetails ToProblemDetails(AdminProblem problem) => new()
    {
        Status = problem.Kind switch
        {
            AdminProblemKind.NotFound => StatusCodes.Status404NotFound,
            AdminProblemKind.Conflict => StatusCodes.Status409Conflict,
            AdminProblemKind.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status503ServiceUnavailable,
        },
        Title = problem.Title,
        Detail = problem.Detail,
    };
}
