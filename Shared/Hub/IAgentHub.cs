using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;

namespace Babelwire.Shared.Hub;

/// <summary>
/// What an agent calls on the controller's hub. Register and invoke with <c>nameof(IAgentHub.X)</c> so that a
/// rename breaks the build. The first call on every connection is <see cref="Connect"/>.
/// </summary>
public interface IAgentHub
{
    /// <summary>Opens the session: checks the protocol version (a mismatch is a HubException naming both versions)
    /// and returns the node's identity, the mesh settings and the whole peer set.</summary>
    Task<AgentSession> Connect(AgentHello hello);

    /// <summary>The whole peer set, for an agent that missed a delta (its version did not match the delta's base).</summary>
    Task<PeerSetDto> GetPeerSet();

    /// <summary>The agent's whole state; sent after every (re)connect and whenever the controller asks for a resync.</summary>
    Task<StateAck> ReportState(AgentStateDto state);

    /// <summary>What changed since the previous report; <see cref="StateAck.ResyncRequired"/> asks for a full report.</summary>
    Task<StateAck> ReportStateDelta(AgentStateDeltaDto delta);

    /// <summary>The node's underlay endpoints changed (new address, new port); peers are told through their peer sets.</summary>
    Task UpdateEndpoints(IReadOnlyList<string> endpoints);
}
