using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Status;

internal static partial class Log
{
    [LoggerMessage(EventIds.StatusListening, LogLevel.Information, "Status on {Path}")]
    public static partial void StatusListening(ILogger logger, string path);

    [LoggerMessage(EventIds.StatusSocketFailed, LogLevel.Error, "Cannot serve status on {Path}: {Reason}")]
    public static partial void StatusSocketFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventIds.StatusRequestFailed, LogLevel.Debug, "A status request failed: {Reason}")]
    public static partial void StatusRequestFailed(ILogger logger, string reason);
}
