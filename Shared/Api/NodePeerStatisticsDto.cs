namespace Babelwire.Shared.Api;

/// <summary>A node's WireGuard peers with their counters.</summary>
/// <param name="Stale">The values are the last known ones (the agent is disconnected, or has not reported since the
/// controller restarted).</param>
public sealed record NodePeerStatisticsDto(Guid NodeId, bool Stale, DateTimeOffset? LastReportAt, IReadOnlyList<PeerStatisticsDto> Peers);
