namespace Babelwire.Shared.Dashboard;

/// <summary>The outcome of a dashboard command or query: a value, or the problem that stopped it (and changed nothing).</summary>
public sealed record AdminResult<T>(T? Value, AdminProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static AdminResult<T> Ok(T value) => new(value, null);

    public static AdminResult<T> Fail(AdminProblem problem) => new(default, problem);
}
