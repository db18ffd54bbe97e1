using System.Collections.Concurrent;
using System.Threading.Channels;
using Babelwire.Controller.Services;
using Babelwire.Shared.Hub;
using Babelwire.Shared.State;

namespace Babelwire.Controller.Tests.Hub;

/// <summary>An <see cref="IAgentStateSink"/> that records every call in order.</summary>
public sealed class RecordingStateSink : IAgentStateSink
{
    public ConcurrentQueue<object> Calls { get; } = new();

    public Channel<(Guid NodeId, AgentStateDto State)> Full { get; } = Channel.CreateUnbounded<(Guid, AgentStateDto)>();

    public Channel<Guid> Disconnected { get; } = Channel.CreateUnbounded<Guid>();

    public ValueTask<StateAck> AcceptFullAsync(Guid nodeId, AgentStateDto state, CancellationToken cancellationToken)
    {
        Calls.Enqueue(state);
        Full.Writer.TryWrite((nodeId, state));
        return ValueTask.FromResult(new StateAck(false));
    }

    public ValueTask<StateAck> AcceptDeltaAsync(Guid nodeId, AgentStateDeltaDto delta, CancellationToken cancellationToken)
    {
        Calls.Enqueue(delta);
        return ValueTask.FromResult(new StateAck(delta.Sequence != 1));
    }

    public ValueTask NodeSessionStartedAsync(Guid nodeId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask NodeDisconnectedAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        Calls.Enqueue(nodeId);
        Disconnected.Writer.TryWrite(nodeId);
        return ValueTask.CompletedTask;
    }
}
