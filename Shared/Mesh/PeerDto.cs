namespace Babelwire.Shared.Mesh;

/// <summary>One WireGuard peer an agent must have.</summary>
/// <param name="Endpoints">Underlay endpoints, most preferred first; may be empty (the peer connects to us).</param>
/// <param name="AllowedIPs">Base AllowedIPs: the peer's link-local /128 and whatever a policy adds. Babel adds the
/// routes it selects through this peer on top; the overlay addresses are not here, because they move to a relay
/// when the direct path fails.</param>
public sealed record PeerDto(
    Guid NodeId,
    string Name,
    string PublicKey,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<string> AllowedIPs,
    string OverlayIPv6,
    string OverlayIPv4);
