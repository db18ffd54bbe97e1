namespace Babelwire.Agent.ControlPlane;

/// <summary>Where the agent's link to the controller stands (shown by <c>status</c>).</summary>
public enum ControlPlanePhase
{
    Enrolling,
    Connecting,
    Connected,

    /// <summary>The controller is unreachable or the connection dropped: retrying with backoff; the mesh keeps routing.</summary>
    Away,

    /// <summary>The hub refused the session (protocol version): retrying only after a long backoff.</summary>
    Refused,

    /// <summary>The node was disabled or deleted: no more reconnects until the agent is restarted.</summary>
    Revoked,
}
