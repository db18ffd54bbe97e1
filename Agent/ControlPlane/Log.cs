using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.ControlPlane;

/// <summary>The control plane's log messages (docs/code-style.md §8): enrolled and connected at Information, the controller away
/// at Warning (the mesh keeps routing), a refusal or revocation the operator must act on at Error, reports at Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.Enrolled, LogLevel.Information, "Enrolled with {Controller} as node {NodeName} ({NodeId}): overlay {OverlayIPv6}, {OverlayIPv4}")]
    public static partial void Enrolled(ILogger logger, string nodeName, Guid nodeId, string overlayIPv6, string overlayIPv4, string controller);

    [LoggerMessage(EventIds.EnrolmentLoaded, LogLevel.Information, "Enrolled as node {NodeName} ({NodeId}), from {Path}")]
    public static partial void EnrolmentLoaded(ILogger logger, string nodeName, Guid nodeId, string path);

    [LoggerMessage(EventIds.EnrolmentRetry, LogLevel.Warning, "Cannot enrol yet: {Reason}; trying again in {Seconds:0.0} s")]
    public static partial void EnrolmentRetry(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventIds.EnrolmentFailed, LogLevel.Error, "Enrolment with {Controller} failed, the agent stops: {Reason}")]
    public static partial void EnrolmentFailed(ILogger logger, string controller, string reason);

    [LoggerMessage(EventIds.EnrolmentStale, LogLevel.Information, "{Path} holds an enrolment for {Controller} with key {PublicKey}, not this controller and key: enrolling again")]
    public static partial void EnrolmentStale(ILogger logger, string path, string controller, string publicKey);

    [LoggerMessage(EventIds.ControlPlaneKeyCreated, LogLevel.Information, "Generated a WireGuard private key in {Path}; public key {PublicKey}")]
    public static partial void KeyCreated(ILogger logger, string path, string publicKey);

    [LoggerMessage(EventIds.HubConnected, LogLevel.Information, "Connected to the controller as {NodeName} ({NodeId}): peer set version {Version}, {Peers} peer(s)")]
    public static partial void Connected(ILogger logger, string nodeName, Guid nodeId, long version, int peers);

    [LoggerMessage(EventIds.ControllerAway, LogLevel.Warning, "The controller is away ({Reason}); the mesh keeps its peers, reconnecting in {Seconds:0.0} s")]
    public static partial void ControllerAway(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventIds.HubRefused, LogLevel.Error, "The controller refused the session: {Reason}; trying again in {Minutes:0.0} min")]
    public static partial void HubRefused(ILogger logger, string reason, double minutes);

    [LoggerMessage(EventIds.NodeRevoked, LogLevel.Error, "The controller revoked this node ({Reason}): no more reconnects until the agent is restarted; WireGuard peers are kept")]
    public static partial void NodeRevoked(ILogger logger, string reason);

    [LoggerMessage(EventIds.CredentialRefused, LogLevel.Warning, "The hub refused this node's credential ({Reason}); enrolling again with the configured token")]
    public static partial void CredentialRefused(ILogger logger, string reason);

    [LoggerMessage(EventIds.ReenrolmentRefused, LogLevel.Error, "Enrolling again failed, no more reconnects until the agent is restarted: {Reason}")]
    public static partial void ReenrolmentRefused(ILogger logger, string reason);

    [LoggerMessage(EventIds.MeshSettingsChanged, LogLevel.Information, "Mesh settings changed: state reports every {Seconds:0.###} s")]
    public static partial void SettingsChanged(ILogger logger, double seconds);

    [LoggerMessage(EventIds.PeerSetLoaded, LogLevel.Information, "Loaded peer set version {Version} ({Peers} peer(s)) from {Path}")]
    public static partial void PeerSetLoaded(ILogger logger, long version, int peers, string path);

    [LoggerMessage(EventIds.PeerSetChanged, LogLevel.Information, "Peer set {FromVersion} -> {Version}: {Upserted} added or changed, {Removed} removed")]
    public static partial void PeerSetChanged(ILogger logger, long fromVersion, long version, int upserted, int removed);

    [LoggerMessage(EventIds.PeerSetResync, LogLevel.Debug, "Peer set delta from version {FromVersion} does not apply to ours ({Current}); fetching the whole set")]
    public static partial void PeerSetResync(ILogger logger, long fromVersion, long? current);

    [LoggerMessage(EventIds.PeerSetReplaced, LogLevel.Information, "Peer set replaced by version {Version}: {Peers} peer(s)")]
    public static partial void PeerSetReplaced(ILogger logger, long version, int peers);

    [LoggerMessage(EventIds.PeerSetNotSaved, LogLevel.Warning, "Cannot keep the peer set in {Path}: {Reason}")]
    public static partial void PeerSetNotSaved(ILogger logger, string path, string reason);

    [LoggerMessage(EventIds.PeerSetUnreadable, LogLevel.Warning, "Ignoring the kept peer set: {Path}: {Reason}")]
    public static partial void PeerSetUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventIds.PeerSkipped, LogLevel.Warning, "Peer {Name} ({PublicKey}) from the controller: {Reason}")]
    public static partial void PeerSkipped(ILogger logger, string name, string publicKey, string reason);

    [LoggerMessage(EventIds.StateReported, LogLevel.Debug, "Full state report {Sequence}: {Neighbours} neighbour(s), {Routes} route(s), {Peers} peer(s)")]
    public static partial void StateReported(ILogger logger, long sequence, int neighbours, int routes, int peers);

    [LoggerMessage(EventIds.StateDeltaReported, LogLevel.Debug, "State delta {Sequence}: {Neighbours} neighbour, {Routes} route, {Peers} peer change(s)")]
    public static partial void DeltaReported(ILogger logger, long sequence, int neighbours, int routes, int peers);

    [LoggerMessage(EventIds.StateResyncRequested, LogLevel.Debug, "The controller asked for a full report after report {Sequence}")]
    public static partial void ResyncRequested(ILogger logger, long sequence);

    [LoggerMessage(EventIds.StateResyncAfterFullReport, LogLevel.Debug, "The controller asked for a resync right after full report {Sequence}; the next delta goes on from it")]
    public static partial void ResyncAfterFullReport(ILogger logger, long sequence);

    [LoggerMessage(EventIds.StateSnapshotFailed, LogLevel.Debug, "No state snapshot this time: {Reason}")]
    public static partial void SnapshotFailed(ILogger logger, string reason);
}
