using Babelwire.Shared.Mesh;

namespace Babelwire.Shared.Hub;

/// <summary>The answer to <see cref="IAgentHub.Connect"/>.</summary>
/// <param name="PeerSetUnchanged">The agent's <see cref="AgentHello.KnownPeerSetDigest"/> matched: <paramref name="PeerSet"/>
/// carries only the current version and digest, no peers, and the agent keeps the set it holds. This keeps a reconnect
/// storm (every agent of a large mesh after a controller restart) from sending every agent the whole mesh.</param>
public sealed record AgentSession(Guid NodeId, string NodeName, MeshSettingsDto Settings, PeerSetDto PeerSet, bool PeerSetUnchanged = false);
