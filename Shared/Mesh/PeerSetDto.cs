namespace Babelwire.Shared.Mesh;

/// <summary>The whole peer set at <paramref name="Version"/>. It lists every enabled node, the receiving agent's own
/// node included: agents skip their own public key, so one snapshot serves every agent.</summary>
/// <param name="Digest">Identifies the set's content (not its version): an agent sends it back in
/// <see cref="Hub.AgentHello.KnownPeerSetDigest"/> so that a reconnect, even to a restarted controller, does not
/// transfer a set it already has. Opaque to agents.</param>
public sealed record PeerSetDto(long Version, IReadOnlyList<PeerDto> Peers, string Digest = "");
