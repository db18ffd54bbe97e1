namespace Babelwire.Shared.Api;

/// <summary>A WireGuard peer's counters on one node, as that node's agent last reported them.</summary>
/// <param name="PeerNodeId">The node behind the peer's public key, when it is a known node.</param>
/// <param name="ReportedAt">When these values last changed.</param>
public sealed record PeerStatisticsDto(
    string PublicKey,
    Guid? PeerNodeId,
    string? Endpoint,
    DateTimeOffset? LastHandshake,
    long ReceivedBytes,
    long SentBytes,
    DateTimeOffset ReportedAt);
