using Babelwire.Shared.Dashboard;

namespace Babelwire.Controller.Services.Administration;

/// <summary>The refusals the administration services give, worded once for the REST API and the dashboard.</summary>
public static class AdminProblems
{
    public static readonly AdminProblem Unavailable = new(AdminProblemKind.Unavailable, "Database unavailable",
        "The controller cannot reach PostgreSQL, so nothing was changed; try again shortly. The mesh keeps routing meanwhile.");

    public static AdminProblem NotFound(string title, string detail) => new(AdminProblemKind.NotFound, title, detail);

    public static AdminProblem Conflict(string title, string detail) => new(AdminProblemKind.Conflict, title, detail);

    public static AdminProblem Invalid(string title, IReadOnlyDictionary<string, string[]> errors) =>
        new(AdminProblemKind.Invalid, title, string.Join(" ", errors.SelectMany(e => e.Value)), errors);

    public static AdminResult<T> Fail<T>(AdminProblem problem) => AdminResult<T>.Fail(problem);
}
