namespace Babelwire.Shared.Dashboard;

/// <summary>Why a dashboard command or query was refused.</summary>
public enum AdminProblemKind
{
    /// <summary>The thing named does not exist (any more).</summary>
    NotFound,

    /// <summary>The input is not acceptable; <see cref="AdminProblem.Errors"/> says which field and why.</summary>
    Invalid,

    /// <summary>It conflicts with the current state (a stale settings version, the last API key, an admin already set up).</summary>
    Conflict,

    /// <summary>The database is unreachable; nothing was changed. Try again later.</summary>
    Unavailable,
}
