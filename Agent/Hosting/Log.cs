using System.Net;
using System.Net.Sockets;
using Babelwire.Agent.Babel;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Hosting;

/// <summary>The host's log messages (docs/code-style.md §8): state changes at Information, per-datagram detail at Debug and Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.AgentStarted, LogLevel.Information, "Agent started: router-id {RouterId}, {Interfaces} interface(s), {Announced} announced prefix(es)")]
    public static partial void AgentStarted(ILogger logger, string routerId, int interfaces, int announced);

    [LoggerMessage(EventIds.AgentStopped, LogLevel.Information, "Agent stopped: announced prefixes retracted, seqno saved")]
    public static partial void AgentStopped(ILogger logger);

    [LoggerMessage(EventIds.EngineLoopFailed, LogLevel.Critical, "The engine loop failed; the agent stops")]
    public static partial void EngineLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventIds.AgentFailed, LogLevel.Error, "The agent cannot run: {Stage}: {Reason}")]
    public static partial void AgentFailed(ILogger logger, string stage, string reason);

    [LoggerMessage(EventIds.RouteChanged, LogLevel.Trace, "Selected route {Kind}: {Prefix} via {NextHop} on {Interface}, metric {Metric}, source {Source}")]
    public static partial void RouteChanged(ILogger logger, RouteChangeKind kind, IPNetwork prefix, IPAddress nextHop, string @interface, ushort metric, string source);

    [LoggerMessage(EventIds.SeqnoSaved, LogLevel.Trace, "Saved seqno {Seqno}")]
    public static partial void StateSaved(ILogger logger, ushort seqno);

    [LoggerMessage(EventIds.SeqnoSaveFailed, LogLevel.Warning, "Cannot save the seqno in {Directory}: {Reason}")]
    public static partial void StateSaveFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventIds.SocketBound, LogLevel.Information, "Listening on UDP [::]:{Port}; receive buffer {Obtained} bytes (asked for {Wanted})")]
    public static partial void SocketBound(ILogger logger, int port, int obtained, int wanted);

    [LoggerMessage(EventIds.SendFailed, LogLevel.Debug, "Send on {Interface} to {Destination} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, string @interface, IPAddress destination, SocketError error);

    [LoggerMessage(EventIds.ReceiveFailed, LogLevel.Debug, "Receive failed: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventIds.DatagramDropped, LogLevel.Debug, "Dropped a datagram from {Source} on interface index {Index}: {Reason}")]
    public static partial void DatagramDropped(ILogger logger, IPAddress source, int index, string reason);

    [LoggerMessage(EventIds.MulticastJoinFailed, LogLevel.Warning, "Cannot join ff02::1:6 on {Interface}: {Error}; retrying")]
    public static partial void MulticastJoinFailed(ILogger logger, string @interface, SocketError error);

    [LoggerMessage(EventIds.MulticastJoinSkipped, LogLevel.Debug, "Unicast interface {Interface} does not take ff02::1:6 ({Error}); running without it")]
    public static partial void MulticastJoinSkipped(ILogger logger, string @interface, SocketError error);

    [LoggerMessage(EventIds.DatagramIn, LogLevel.Trace, "In  {Interface} from {Source}: {Length} bytes")]
    public static partial void DatagramIn(ILogger logger, string @interface, IPAddress source, int length);

    [LoggerMessage(EventIds.DatagramOut, LogLevel.Trace, "Out {Interface} to {Destination}: {Length} bytes")]
    public static partial void DatagramOut(ILogger logger, string @interface, IPAddress destination, int length);

    [LoggerMessage(EventIds.InterfaceReady, LogLevel.Information, "Interface {Interface} is up: index {Index}, MTU {Mtu}, link-local {LinkLocal}")]
    public static partial void InterfaceReady(ILogger logger, string @interface, int index, int mtu, IPAddress linkLocal);

    [LoggerMessage(EventIds.InterfaceWaiting, LogLevel.Warning, "Waiting for interface {Interface}: {Problem}")]
    public static partial void InterfaceWaiting(ILogger logger, string @interface, string problem);

    [LoggerMessage(EventIds.InterfaceGone, LogLevel.Warning, "Interface {Interface} stopped: {Reason}; its neighbours and routes are dropped until it is back")]
    public static partial void InterfaceGone(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventIds.InterfaceRefused, LogLevel.Error, "Interface {Interface} cannot run Babel: {Reason}")]
    public static partial void InterfaceRefused(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventIds.RouterIdGenerated, LogLevel.Information, "Generated router-id {RouterId}, kept in {Directory}")]
    public static partial void RouterIdGenerated(ILogger logger, string routerId, string directory);

    [LoggerMessage(EventIds.SeqnoLoaded, LogLevel.Information, "Starting at seqno {Seqno} (saved: {Saved})")]
    public static partial void SeqnoLoaded(ILogger logger, ushort seqno, ushort? saved);

    [LoggerMessage(EventIds.WireGuardKeyCreated, LogLevel.Information, "Generated a WireGuard private key in {Path} (mode 0600)")]
    public static partial void WireGuardKeyCreated(ILogger logger, string path);

    [LoggerMessage(EventIds.WireGuardReady, LogLevel.Information,
        "WireGuard interface {Interface} is ready ({Backend}): public key {PublicKey}, link-local {LinkLocal}, index {Index}, {Peers} peer(s)")]
    public static partial void WireGuardReady(ILogger logger, string @interface, string backend, string publicKey, IPAddress linkLocal, int index, int peers);

    [LoggerMessage(EventIds.WireGuardFailed, LogLevel.Error, "The WireGuard interface cannot run: {Stage}: {Reason}")]
    public static partial void WireGuardFailed(ILogger logger, string stage, string reason);

    [LoggerMessage(EventIds.WireGuardHostStopped, LogLevel.Warning, "Could not take our routes out of {Interface} on the way out: {Reason}")]
    public static partial void WireGuardStopped(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventIds.PeerAdded, LogLevel.Information, "Peer {PublicKey} on {Interface} is a Babel neighbour at {LinkLocal}")]
    public static partial void PeerAdded(ILogger logger, string @interface, string publicKey, IPAddress linkLocal);

    [LoggerMessage(EventIds.PeerRemoved, LogLevel.Information, "Peer at {LinkLocal} left {Interface}; its neighbour and routes are dropped")]
    public static partial void PeerRemoved(ILogger logger, string @interface, IPAddress linkLocal);

    [LoggerMessage(EventIds.PeerWatchFailed, LogLevel.Warning, "Cannot read the peers of {Interface}: {Reason}; retrying")]
    public static partial void PeerWatchFailed(ILogger logger, string @interface, string reason);

    [LoggerMessage(EventIds.DatagramNotFromPeer, LogLevel.Debug, "Dropped a datagram on {Interface} from {Source}: not a current peer's link-local")]
    public static partial void DatagramNotFromPeer(ILogger logger, string @interface, IPAddress source);

    [LoggerMessage(EventIds.LeftoverInterfaceRemoved, LogLevel.Information, "Deleting leftover interface {Interface} (create mode owns it) before starting wireguard-go")]
    public static partial void LeftoverInterfaceRemoved(ILogger logger, string @interface);
}
