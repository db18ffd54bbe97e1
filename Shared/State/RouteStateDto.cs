namespace Babelwire.Shared.State;

/// <summary>A route the reporting agent selected.</summary>
/// <param name="NextHopPeerPublicKey">The WireGuard peer the route goes through; null for a route on an ordinary interface.</param>
/// <param name="Installed">Whether it is programmed (AllowedIPs and kernel route).</param>
public sealed record RouteStateDto(
    string Prefix,
    int Metric,
    string RouterId,
    string NextHop,
    string? NextHopPeerPublicKey,
    bool Installed);
