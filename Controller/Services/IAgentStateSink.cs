using Babelwire.Shared.Hub;
using Babelwire.Shared.State;

namespace Babelwire.Controller.Services;

/// <summary>
/// Where the agent hub hands the state agents stream; the topology store implements it. Calls for one node come
/// from that node's connection, one at a time.
/// </summary>
public interface IAgentStateSink
{
    /// <summary>Replaces everything known about the node's neighbours, routes and peer statistics.</summary>
    ValueTask<StateAck> AcceptFullAsync(Guid nodeId, AgentStateDto state, CancellationToken cancellationToken);

    /// <summary>Applies a delta; asks for a full report when its sequence does not follow the last one accepted.</summary>
    ValueTask<StateAck> AcceptDeltaAsync(Guid nodeId, AgentStateDeltaDto delta, CancellationToken cancellationToken);

    /// <summary>A new session of the node's agent began (Connect): reports of an earlier connection no longer count,
    /// so deltas are refused with a resync until this session's full report arrives. Called even when the earlier
    /// connection's disconnect has not been handled yet, which is what makes the order of the two irrelevant.</summary>
    ValueTask NodeSessionStartedAsync(Guid nodeId, CancellationToken cancellationToken);

    /// <summary>The node's agent disconnected: its reported state is kept (last known) but marked stale.</summary>
    ValueTask NodeDisconnectedAsync(Guid nodeId, CancellationToken cancellationToken);
}
