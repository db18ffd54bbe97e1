namespace Babelwire.Shared.Api;

/// <summary>A route a node selected, as its agent last reported it.</summary>
/// <param name="NextHopNodeId">The node behind the next-hop WireGuard peer, when it is a known node.</param>
public sealed record MeshRouteDto(
    Guid NodeId,
    string Prefix,
    int Metric,
    string RouterId,
    string NextHop,
    Guid? NextHopNodeId,
    bool Installed,
    DateTimeOffset UpdatedAt);
