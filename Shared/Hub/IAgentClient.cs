using Babelwire.Shared.Mesh;

namespace Babelwire.Shared.Hub;

/// <summary>What the controller calls on a connected agent (<c>AgentHub : Hub&lt;IAgentClient&gt;</c>).</summary>
public interface IAgentClient
{
    /// <summary>A change to the peer set. An agent whose version is not <see cref="PeerSetDeltaDto.FromVersion"/>
    /// ignores it and calls <see cref="IAgentHub.GetPeerSet"/>.</summary>
    Task PeerSetChanged(PeerSetDeltaDto delta);

    Task MeshSettingsChanged(MeshSettingsDto settings);

    /// <summary>This node was disabled or deleted; the controller closes the connection after this call.
    /// The agent keeps its WireGuard state and stops reconnecting until restarted.</summary>
    Task NodeRevoked(string reason);
}
