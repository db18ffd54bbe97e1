namespace Babelwire.Shared.Mesh;

/// <summary>Turns the peer set at <paramref name="FromVersion"/> into the one at <paramref name="Version"/>.</summary>
/// <param name="Upserted">New peers and peers whose endpoints or AllowedIPs changed, in full.</param>
/// <param name="RemovedPublicKeys">Peers that left, were disabled or were deleted.</param>
/// <param name="Digest">The <see cref="PeerSetDto.Digest"/> of the set after this delta.</param>
/// <remarks>Rules for agents: ignore a delta whose <see cref="Version"/> is at or below the version held (a Connect
/// snapshot may already contain it); apply one whose <see cref="FromVersion"/> equals the version held; otherwise call
/// <see cref="Hub.IAgentHub.GetPeerSet"/>. Deltas that arrive before the Connect answer are held until it arrives.</remarks>
public sealed record PeerSetDeltaDto(long FromVersion, long Version, IReadOnlyList<PeerDto> Upserted, IReadOnlyList<string> RemovedPublicKeys, string Digest = "");
