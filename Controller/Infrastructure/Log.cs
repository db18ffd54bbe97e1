
namespace Babelwire.Controller.Infrastructure;

internal static partial class Log
{
    [LoggerMessage(EventIds.DatabaseUnavailable, LogLevel.Error, "Database unavailable ({Attempt} attempts so far), retrying in {Delay}: {Reason}")]
    public static partial void DatabaseUnavailable(this ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventIds.MigrationsApplied, LogLevel.Information, "Database schema is current ({Applied} migrations applied now, latest {Latest})")]
    public static partial void MigrationsApplied(this ILogger logger, int applied, string latest);

    [LoggerMessage(EventIds.SettingsCreated, LogLevel.Information, "New mesh: overlay prefixes {IPv6Prefix} and {IPv4Prefix}")]
    public static partial void SettingsCreated(this ILogger logger, string ipv6Prefix, string ipv4Prefix);

    [LoggerMessage(EventIds.DatabaseUnavailableForRequest, LogLevel.Warning, "Request {Path} refused with 503: database unavailable ({Reason})")]
    public static partial void DatabaseUnavailableForRequest(this ILogger logger, string path, string reason);
}
