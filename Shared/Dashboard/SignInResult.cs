namespace Babelwire.Shared.Dashboard;

/// <summary>The answer to a dashboard sign-in attempt.</summary>
public enum SignInResult
{
    Succeeded,

    /// <summary>Wrong user name or password (which of the two is not said).</summary>
    Invalid,

    /// <summary>Too many failures in a row: refused, even with the right password, until the lockout ends.</summary>
    LockedOut,

    /// <summary>No admin account exists yet: the first-run page must create one.</summary>
    NotSetUp,

    /// <summary>The account store (the database) is unreachable.</summary>
    Unavailable,
}
