namespace Babelwire.Shared.Dashboard;

/// <param name="UserName">The account's name as stored, on success.</param>
/// <param name="LockedUntil">When a lockout ends, for <see cref="SignInResult.LockedOut"/>.</param>
public sealed record SignInOutcome(SignInResult Result, string? UserName = null, DateTimeOffset? LockedUntil = null);
