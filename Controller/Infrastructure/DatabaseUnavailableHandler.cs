using Microsoft.AspNetCore.Diagnostics;

namespace Babelwire.Controller.Infrastructure;

/// <summary>
/// While PostgreSQL is away, requests that need it get 503 with Retry-After and a problem that says so, not a bare
/// 500. The mesh itself does not notice: agents keep routing, and their reports keep reaching the live view.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseErrors.IsUnavailable(exception))
        {
            return false;
        }
        logger.DatabaseUnavailableForRequest(httpContext.Request.Path, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The controller cannot reach PostgreSQL; retry shortly. The mesh keeps routing meanwhile.",
            },
        });
    }
}
