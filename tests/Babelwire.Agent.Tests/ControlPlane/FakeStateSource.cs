using Babelwire.Agent.ControlPlane;
using Babelwire.Shared.State;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>The agent's state as the test sets it, instead of the engine loop's.</summary>
internal sealed class FakeStateSource : IAgentStateSource
{
    private volatile AgentStateDto _state = new(0, "test", [], [], []);

    public AgentStateDto State
    {
        get => _state;
        set => _state = value;
    }

    public int Snapshots { get; private set; }

    public Task<AgentStateDto> SnapshotAsync(CancellationToken cancellationToken)
    {
        Snapshots++;
        return Task.FromResult(_state);
    }
}
