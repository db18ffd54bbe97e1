namespace Babelwire.Shared.Mesh;

/// <summary>The whole peer set at <paramref name="Version"/>. It lists every enabled node, the receiving agent's own
/// node included: agents skip their own public key, so one snapshot serves every agent.</summary>
public sealed record PeerSetDto(long Version, IReadOnlyList<PeerDto> Peers);
