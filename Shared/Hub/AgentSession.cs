using Babelwire.Shared.Mesh;

namespace Babelwire.Shared.Hub;

/// <summary>The answer to <see cref="IAgentHub.Connect"/>.</summary>
public sealed record AgentSession(Guid NodeId, string NodeName, MeshSettingsDto Settings, PeerSetDto PeerSet);
