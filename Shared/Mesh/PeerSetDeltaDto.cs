namespace Babelwire.Shared.Mesh;

/// <summary>Turns the peer set at <paramref name="FromVersion"/> into the one at <paramref name="Version"/>.</summary>
/// <param name="Upserted">New peers and peers whose endpoints or AllowedIPs changed, in full.</param>
/// <param name="RemovedPublicKeys">Peers that left, were disabled or were deleted.</param>
public sealed record PeerSetDeltaDto(long FromVersion, long Version, IReadOnlyList<PeerDto> Upserted, IReadOnlyList<string> RemovedPublicKeys);
