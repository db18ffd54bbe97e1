using System.Net;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Babel;

/// <summary>
/// The engine's log messages. Anything a remote peer can cause is Debug at most (and counted in
/// <see cref="RouterCounters"/>); neighbour up and down are Information; packets are Trace.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.InterfaceAdded, LogLevel.Information, "Babel running on {Interface} ({Kind}, {LinkLocal})")]
    public static partial void InterfaceAdded(ILogger logger, string @interface, InterfaceKind kind, IPAddress linkLocal);

    [LoggerMessage(EventIds.InterfaceRemoved, LogLevel.Information, "Babel stopped on {Interface}")]
    public static partial void InterfaceRemoved(ILogger logger, string @interface);

    [LoggerMessage(EventIds.NeighbourUp, LogLevel.Information, "Neighbour {Address} on {Interface} is up, cost {Cost}")]
    public static partial void NeighbourUp(ILogger logger, IPAddress address, string @interface, ushort cost);

    [LoggerMessage(EventIds.NeighbourDown, LogLevel.Information, "Neighbour {Address} on {Interface} is down")]
    public static partial void NeighbourDown(ILogger logger, IPAddress address, string @interface);

    [LoggerMessage(EventIds.NeighbourRebooted, LogLevel.Debug, "Neighbour {Address} on {Interface}: Hello seqno jumped, history reset")]
    public static partial void NeighbourRebooted(ILogger logger, IPAddress address, string @interface);

    [LoggerMessage(EventIds.NeighbourFlushed, LogLevel.Debug, "Neighbour {Address} on {Interface} flushed with {Routes} routes")]
    public static partial void NeighbourFlushed(ILogger logger, IPAddress address, string @interface, int routes);

    [LoggerMessage(EventIds.ShuttingDown, LogLevel.Information, "Babel shutting down: retracting {Prefixes} local prefixes")]
    public static partial void ShuttingDown(ILogger logger, int prefixes);

    [LoggerMessage(EventIds.RouteSelected, LogLevel.Debug, "Selected {Prefix} via {NextHop}%{Interface} metric {Metric} from {Source}")]
    public static partial void RouteSelected(ILogger logger, IPNetwork prefix, IPAddress nextHop, string @interface, ushort metric, RouterId source);

    [LoggerMessage(EventIds.RouteLost, LogLevel.Debug, "Lost the route to {Prefix}; retracting")]
    public static partial void RouteLost(ILogger logger, IPNetwork prefix);

    [LoggerMessage(EventIds.UnfeasibleUpdate, LogLevel.Debug, "Unfeasible update for {Prefix} from {Neighbour}: seqno {Seqno} metric {Metric}")]
    public static partial void UnfeasibleUpdate(ILogger logger, IPNetwork prefix, IPAddress neighbour, SeqNo seqno, ushort metric);

    [LoggerMessage(EventIds.RouteExpired, LogLevel.Debug, "Route to {Prefix} via {Neighbour} expired")]
    public static partial void RouteExpired(ILogger logger, IPNetwork prefix, IPAddress neighbour);

    [LoggerMessage(EventIds.SourcesCollected, LogLevel.Trace, "Collected {Count} unused sources")]
    public static partial void SourcesCollected(ILogger logger, int count);

    [LoggerMessage(EventIds.SeqnoRaised, LogLevel.Debug, "Own seqno raised to {Seqno} on request for {Prefix}")]
    public static partial void SeqnoRaised(ILogger logger, SeqNo seqno, IPNetwork prefix);

    [LoggerMessage(EventIds.SeqnoRequestForwarded, LogLevel.Debug, "Seqno request for {Prefix} ({RouterId} {Seqno}) forwarded to {Neighbour}, hop count {HopCount}")]
    public static partial void SeqnoRequestForwarded(ILogger logger, IPNetwork prefix, RouterId routerId, SeqNo seqno, IPAddress neighbour, byte hopCount);

    [LoggerMessage(EventIds.SeqnoRequestSent, LogLevel.Debug, "Seqno request for {Prefix} ({RouterId} {Seqno}) sent to {Target}")]
    public static partial void SeqnoRequestSent(ILogger logger, IPNetwork prefix, RouterId routerId, SeqNo seqno, string target);

    [LoggerMessage(EventIds.SeqnoRequestDropped, LogLevel.Debug, "Seqno request for {Prefix} from {Neighbour} dropped: {Reason}")]
    public static partial void SeqnoRequestDropped(ILogger logger, IPNetwork prefix, IPAddress neighbour, string reason);

    [LoggerMessage(EventIds.PacketDropped, LogLevel.Debug, "Packet from {Source} on {Interface} dropped: {Reason}")]
    public static partial void PacketDropped(ILogger logger, IPAddress source, string @interface, string reason);

    [LoggerMessage(EventIds.TlvIgnored, LogLevel.Debug, "TLV from {Source} on {Interface} ignored: {Reason}")]
    public static partial void TlvIgnored(ILogger logger, IPAddress source, string @interface, string reason);

    [LoggerMessage(EventIds.PacketReceived, LogLevel.Trace, "Received {Count} TLVs from {Source} on {Interface}")]
    public static partial void PacketReceived(ILogger logger, int count, IPAddress source, string @interface);

    [LoggerMessage(EventIds.PacketSent, LogLevel.Trace, "Queued {Count} TLVs in {Datagrams} datagrams to {Destination} on {Interface}")]
    public static partial void PacketSent(ILogger logger, int count, int datagrams, IPAddress destination, string @interface);
}
