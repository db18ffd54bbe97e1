namespace Babelwire.Agent.Status;

/// <summary>The controller link in <c>status</c>.</summary>
/// <param name="State">enrolling, connecting, connected, away (retrying), refused (the hub turned the session down),
/// revoked (the node was disabled or deleted; no more reconnects until restarted).</param>
/// <param name="PeerSetVersion">The version of the peer set in use (received now or loaded from the state directory).</param>
/// <param name="Peers">Peers the controller's set gives this node (itself left out).</param>
/// <param name="LastError">The last failure talking to the controller, until the next success.</param>
public sealed record ControlPlaneReport(
    string Url,
    string State,
    Guid? NodeId,
    string? NodeName,
    bool Connected,
    DateTimeOffset? Since,
    long? PeerSetVersion,
    int Peers,
    string? LastError);
