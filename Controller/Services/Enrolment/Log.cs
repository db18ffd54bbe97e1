namespace Babelwire.Controller.Services.Enrolment;

internal static partial class Log
{
    [LoggerMessage(EventIds.NodeEnrolled, LogLevel.Information, "Node {NodeName} ({NodeId}) enrolled with addresses {IPv6} and {IPv4}")]
    public static partial void NodeEnrolled(this ILogger logger, string nodeName, Guid nodeId, string ipv6, string ipv4);

    [LoggerMessage(EventIds.NodeReEnrolled, LogLevel.Information, "Node {NodeName} ({NodeId}) enrolled again: new hub credential")]
    public static partial void NodeReEnrolled(this ILogger logger, string nodeName, Guid nodeId);

    // Debug: anyone can cause it.
    [LoggerMessage(EventIds.EnrolmentRefused, LogLevel.Debug, "Enrolment refused ({Reason}): {Detail}")]
    public static partial void EnrolmentRefused(this ILogger logger, string reason, string detail);

    [LoggerMessage(EventIds.AddressRangeExhausted, LogLevel.Error, "No free overlay address left in {Prefix}: enrolment refused")]
    public static partial void AddressRangeExhausted(this ILogger logger, string prefix);

    [LoggerMessage(EventIds.TokenCreated, LogLevel.Information, "Enrolment token {TokenName} ({TokenId}) created, expires {ExpiresAt}")]
    public static partial void TokenCreated(this ILogger logger, string tokenName, Guid tokenId, DateTimeOffset expiresAt);

    [LoggerMessage(EventIds.TokenRevoked, LogLevel.Information, "Enrolment token {TokenId} revoked")]
    public static partial void TokenRevoked(this ILogger logger, Guid tokenId);

    [LoggerMessage(EventIds.NotifierFailed, LogLevel.Error, "Telling connected agents of a mesh change failed (the change itself is committed)")]
    public static partial void NotifierFailed(this ILogger logger, Exception exception);
}
