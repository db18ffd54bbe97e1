namespace Babelwire.Shared.State;

/// <summary>A WireGuard peer's statistics as the device reports them.</summary>
public sealed record PeerStatsDto(
    string PublicKey,
    string? Endpoint,
    DateTimeOffset? LastHandshake,
    long ReceivedBytes,
    long SentBytes);
