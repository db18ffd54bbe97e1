namespace Babelwire.Controller.Services.Administration;

internal static partial class Log
{
    [LoggerMessage(EventIds.AdminCommandUnavailable, LogLevel.Warning, "A dashboard command was refused: database unavailable ({Reason})")]
    public static partial void AdminCommandUnavailable(this ILogger logger, string reason);
}
