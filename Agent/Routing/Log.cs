using System.Net;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Routing;

/// <summary>The route programmer's log messages (docs/code-style.md §8).</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.RoutesReconciled, LogLevel.Information,
        "Reconciled {Interface}: {Peers} peer(s) on the device, {StaleAllowedIps} stale AllowedIPs entries and {StaleRoutes} stale kernel routes of ours removed")]
    public static partial void Reconciled(ILogger logger, string @interface, int peers, int staleAllowedIps, int staleRoutes);

    [LoggerMessage(EventIds.RoutesProgrammingFailed, LogLevel.Warning,
        "Programming routes into {Interface} failed: {Reason}; retrying in {Backoff} (no change is lost)")]
    public static partial void ProgrammingFailed(ILogger logger, string @interface, string reason, TimeSpan backoff);

    [LoggerMessage(EventIds.RouteCoversEndpoint, LogLevel.Warning,
        "Refused route {Prefix} on {Interface}: it covers a peer's underlay endpoint, and WireGuard's own packets would loop into the tunnel")]
    public static partial void RouteCoversEndpoint(ILogger logger, IPNetwork prefix, string @interface);

    [LoggerMessage(EventIds.OwnedRecordFailed, LogLevel.Warning, "Cannot write {Path}: {Reason}; a restart may leave stale AllowedIPs")]
    public static partial void OwnedRecordFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventIds.AllowedIpsTransaction, LogLevel.Trace, "AllowedIPs on {Interface}: one transaction, {Peers} peer(s) changed, {Routes} routed prefix(es) in all")]
    public static partial void Transaction(ILogger logger, string @interface, int peers, int routes);
}
