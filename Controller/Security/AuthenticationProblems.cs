namespace Babelwire.Controller.Security;

/// <summary>What both authentication schemes answer on a challenge or a refusal: a problem+json, like every other error.</summary>
internal static class AuthenticationProblems
{
    public const string ForbiddenDetail = "This credential may not use this endpoint.";

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
