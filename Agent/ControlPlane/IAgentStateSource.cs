using Babelwire.Shared.State;

namespace Babelwire.Agent.ControlPlane;

/// <summary>The agent's whole state as the controller sees it, taken now. <see cref="AgentStateDto.Sequence"/> is left 0: the hub session numbers reports.</summary>
public interface IAgentStateSource
{
    Task<AgentStateDto> SnapshotAsync(CancellationToken cancellationToken);
}
