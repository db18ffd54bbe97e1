namespace Babelwire.Shared.State;

/// <summary>An agent's whole state. <paramref name="Sequence"/> starts anew on every connection; each delta carries the next one.</summary>
public sealed record AgentStateDto(
    long Sequence,
    string AgentVersion,
    IReadOnlyList<NeighbourStateDto> Neighbours,
    IReadOnlyList<RouteStateDto> Routes,
    IReadOnlyList<PeerStatsDto> Peers);
