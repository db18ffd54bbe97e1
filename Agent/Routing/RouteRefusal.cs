namespace Babelwire.Agent.Routing;

/// <summary>Why a selected route is not programmed into AllowedIPs.</summary>
public enum RouteRefusal
{
    /// <summary>Its next hop is no current peer's link-local (the peer was just removed, or another interface).</summary>
    NoSuchPeer,

    /// <summary>
    /// It covers a peer's underlay endpoint: WireGuard's own encrypted packets to that peer would be routed into
    /// the tunnel (docs/babel-notes.md §5).
    /// </summary>
    CoversEndpoint,

    /// <summary>The exact prefix is one of another peer's base AllowedIPs, which the programmer never takes away.</summary>
    HeldByAnotherPeer,
}
