namespace Babelwire.Controller.Services.Accounts;

internal static partial class Log
{
    // Debug: anyone who reaches the sign-in page can cause it.
    [LoggerMessage(EventIds.DashboardSignInFailed, LogLevel.Debug, "Dashboard sign-in failed ({Failures} in a row)")]
    public static partial void DashboardSignInFailed(this ILogger logger, int failures);

    [LoggerMessage(EventIds.DashboardLockedOut, LogLevel.Warning, "Dashboard admin account locked after {Failures} failed sign-ins, until {LockedUntil}")]
    public static partial void DashboardLockedOut(this ILogger logger, int failures, DateTimeOffset lockedUntil);

    [LoggerMessage(EventIds.DashboardSignedIn, LogLevel.Information, "Dashboard sign-in: {UserName}")]
    public static partial void DashboardSignedIn(this ILogger logger, string userName);

    [LoggerMessage(EventIds.DashboardAdminCreated, LogLevel.Information, "Dashboard admin account {UserName} created on the first-run page")]
    public static partial void DashboardAdminCreated(this ILogger logger, string userName);

    [LoggerMessage(EventIds.DashboardAdminConfigured, LogLevel.Information, "Dashboard admin account {UserName} from configuration: {Change}")]
    public static partial void DashboardAdminConfigured(this ILogger logger, string userName, string change);
}
