namespace Babelwire.Controller.Security;

internal static partial class Log
{
    [LoggerMessage(EventIds.ApiKeyCreated, LogLevel.Information, "API key {KeyName} ({KeyId}) created")]
    public static partial void ApiKeyCreated(this ILogger logger, string keyName, Guid keyId);

    [LoggerMessage(EventIds.ApiKeyRevoked, LogLevel.Information, "API key {KeyName} ({KeyId}) revoked")]
    public static partial void ApiKeyRevoked(this ILogger logger, string keyName, Guid keyId);

    // Debug: anyone can send a wrong key.
    [LoggerMessage(EventIds.ApiKeyRejected, LogLevel.Debug, "Unknown or revoked API key refused")]
    public static partial void ApiKeyRejected(this ILogger logger);
}
