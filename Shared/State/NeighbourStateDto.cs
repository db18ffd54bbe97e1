namespace Babelwire.Shared.State;

/// <summary>A Babel neighbour as the reporting agent sees it (RFC 8966 §3.4).</summary>
/// <param name="Address">The neighbour's link-local address.</param>
/// <param name="PeerPublicKey">The WireGuard peer behind it; null on an ordinary interface.</param>
/// <param name="Cost">The link cost used for routing (65535: unreachable).</param>
/// <param name="RttMilliseconds">Smoothed RTT (RFC 9616) when timestamps are exchanged.</param>
public sealed record NeighbourStateDto(
    string Address,
    string? PeerPublicKey,
    string Interface,
    int Cost,
    int RxCost,
    int TxCost,
    double? RttMilliseconds);
