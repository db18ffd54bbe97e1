namespace Babelwire.Controller.Hubs;

internal static partial class Log
{
    [LoggerMessage(EventIds.AgentConnected, LogLevel.Information, "Agent of node {NodeId} ({Name}) connected, version {AgentVersion}")]
    public static partial void AgentConnected(this ILogger logger, Guid nodeId, string name, string agentVersion);

    [LoggerMessage(EventIds.AgentDisconnected, LogLevel.Information, "Agent of node {NodeId} disconnected: {Reason}")]
    public static partial void AgentDisconnected(this ILogger logger, Guid nodeId, string? reason);

    [LoggerMessage(EventIds.ProtocolMismatch, LogLevel.Warning, "Agent of node {NodeId} speaks protocol {AgentProtocol}, this controller {ControllerProtocol}: refused")]
    public static partial void ProtocolMismatch(this ILogger logger, Guid nodeId, int agentProtocol, int controllerProtocol);

    [LoggerMessage(EventIds.ConnectionReplaced, LogLevel.Debug, "Node {NodeId} connected again: closing its older connection {ConnectionId}")]
    public static partial void ConnectionReplaced(this ILogger logger, Guid nodeId, string connectionId);

    [LoggerMessage(EventIds.InvalidHubInput, LogLevel.Debug, "Refused input from node {NodeId}: {Problem}")]
    public static partial void InvalidInput(this ILogger logger, Guid nodeId, string problem);

    [LoggerMessage(EventIds.DisconnectNotRecorded, LogLevel.Warning, "Could not record the disconnection of node {NodeId}: {Reason}")]
    public static partial void DisconnectNotRecorded(this ILogger logger, Guid nodeId, string reason);

    [LoggerMessage(EventIds.PeerSetLoaded, LogLevel.Information, "Peer set loaded: {Count} active nodes, version {Version}")]
    public static partial void PeerSetLoaded(this ILogger logger, int count, long version);

    [LoggerMessage(EventIds.PeerSetChanged, LogLevel.Debug, "Peer set version {Version}: {Upserted} upserted, {Removed} removed")]
    public static partial void PeerSetChanged(this ILogger logger, long version, int upserted, int removed);

    [LoggerMessage(EventIds.NodeRevoked, LogLevel.Information, "Node {NodeId} revoked ({Reason}): closing its connection")]
    public static partial void NodeRevoked(this ILogger logger, Guid nodeId, string reason);

    [LoggerMessage(EventIds.HubMethodFailed, LogLevel.Error, "Hub method {Method} failed")]
    public static partial void HubMethodFailed(this ILogger logger, string method, Exception exception);
}
