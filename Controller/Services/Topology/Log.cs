namespace Babelwire.Controller.Services.Topology;

internal static partial class Log
{
    [LoggerMessage(EventIds.TopologyLoaded, LogLevel.Information, "Topology loaded from the database: {Nodes} nodes, {Adjacencies} adjacencies, {Routes} routes, {Peers} peer statistics (stale until each node reports)")]
    public static partial void TopologyLoaded(this ILogger logger, int nodes, int adjacencies, int routes, int peers);

    [LoggerMessage(EventIds.TopologyWriteFailed, LogLevel.Warning, "Writing topology to the database failed ({Attempt} attempts so far, {Nodes} nodes and {Events} events kept for retry), retrying in {Delay}: {Reason}")]
    public static partial void TopologyWriteFailed(this ILogger logger, int attempt, int nodes, int events, TimeSpan delay, string reason);

    [LoggerMessage(EventIds.TopologyWriteRecovered, LogLevel.Information, "Topology writes to the database resumed after {Attempts} failed attempts")]
    public static partial void TopologyWriteRecovered(this ILogger logger, int attempts);

    // Caused by a remote agent: Debug at most, counted in babelwire.topology.reports{outcome=rejected}.
    [LoggerMessage(EventIds.AgentStateRejected, LogLevel.Debug, "State report of node {NodeId} rejected: {Reason}")]
    public static partial void AgentStateRejected(this ILogger logger, Guid nodeId, string reason);

    [LoggerMessage(EventIds.AgentResyncRequired, LogLevel.Debug, "Delta {Sequence} of node {NodeId} does not follow {Last}: full report required")]
    public static partial void AgentResyncRequired(this ILogger logger, Guid nodeId, long sequence, long last);

    [LoggerMessage(EventIds.TopologyEventsDropped, LogLevel.Warning, "The event queue is full ({Capacity} events waiting for the database): the oldest events are being dropped")]
    public static partial void TopologyEventsDropped(this ILogger logger, int capacity);

    [LoggerMessage(EventIds.NodeKeyLookupFailed, LogLevel.Debug, "Looking up {Count} WireGuard public keys in nodes failed: {Reason}")]
    public static partial void NodeKeyLookupFailed(this ILogger logger, int count, string reason);

    [LoggerMessage(EventIds.EventsPruned, LogLevel.Information, "Deleted {Count} events older than {Cutoff}")]
    public static partial void EventsPruned(this ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(EventIds.EventRetentionFailed, LogLevel.Warning, "Deleting old events failed, will try again in {Interval}: {Reason}")]
    public static partial void EventRetentionFailed(this ILogger logger, TimeSpan interval, string reason);

    [LoggerMessage(EventIds.TopologyFinalFlushFailed, LogLevel.Error, "Topology changes of {Nodes} nodes could not be written before shutdown: {Reason}")]
    public static partial void TopologyFinalFlushFailed(this ILogger logger, int nodes, string reason);
}
