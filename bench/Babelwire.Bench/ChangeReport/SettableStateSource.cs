using Babelwire.Agent.ControlPlane;
using Babelwire.Shared.State;

namespace Babelwire.Bench.ChangeReport;

/// <summary>The agent's state as the bench sets it, in place of the engine loop's snapshot.</summary>
internal sealed class SettableStateSource : IAgentStateSource
{
    private volatile AgentStateDto _state = new(0, "bench", [], [], []);

    public AgentStateDto State
    {
        get => _state;
        set => _state = value;
    }

    public Task<AgentStateDto> SnapshotAsync(CancellationToken cancellationToken) => Task.FromResult(_state);
}
