using Babelwire.Shared.State;

namespace Babelwire.Controller.Services.Topology;

/// <summary>A state report (full or delta) whose items all passed validation, with addresses and prefixes in canonical text.</summary>
internal sealed record ValidatedReport(
    long Sequence,
    string? AgentVersion,
    IReadOnlyList<NeighbourStateDto> Neighbours,
    IReadOnlyList<string> NeighboursRemoved,
    IReadOnlyList<RouteStateDto> Routes,
    IReadOnlyList<string> RoutesRemoved,
    IReadOnlyList<PeerStatsDto> Peers,
    IReadOnlyList<string> PeersRemoved)
{
    /// <summary>Every WireGuard public key the report mentions, to map to node ids.</summary>
    public IEnumerable<string> PublicKeys =>
        Neighbours.Select(n => n.PeerPublicKey)
            .Concat(Routes.Select(r => r.NextHopPeerPublicKey))
            .Concat(Peers.Select(p => p.PublicKey))
            .OfType<string>();
}
