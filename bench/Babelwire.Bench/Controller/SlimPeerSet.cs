namespace Babelwire.Bench.Controller;

/// <summary>The version of a <see cref="Babelwire.Shared.Mesh.PeerSetDto"/>, its peers skipped when read.</summary>
internal sealed record SlimPeerSet(long Version);
