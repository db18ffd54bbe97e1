namespace Babelwire.Shared.State;

/// <summary>What changed since report <c>Sequence - 1</c>. Items are keyed by neighbour address, route prefix and
/// peer public key; an upsert replaces the item whole.</summary>
public sealed record AgentStateDeltaDto(
    long Sequence,
    IReadOnlyList<NeighbourStateDto> NeighboursUpserted,
    IReadOnlyList<string> NeighboursRemoved,
    IReadOnlyList<RouteStateDto> RoutesUpserted,
    IReadOnlyList<string> RoutesRemoved,
    IReadOnlyList<PeerStatsDto> PeersUpserted,
    IReadOnlyList<string> PeersRemoved);
