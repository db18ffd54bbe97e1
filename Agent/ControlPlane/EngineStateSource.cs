using Babelwire.Agent.Hosting;
using Babelwire.Agent.Status;
using Babelwire.Shared.State;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// Takes the state from the engine loop the way <c>status</c> does: a full report requested through
/// <see cref="AgentInbox"/>, built on the loop (engine snapshot, then the WireGuard host's peers and programmed
/// routes), then mapped to the controller's shape here, off the loop.
/// </summary>
public sealed class EngineStateSource(AgentInbox inbox) : IAgentStateSource
{
    public async Task<AgentStateDto> SnapshotAsync(CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<StatusReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        await inbox.Writer.WriteAsync(new StatusInput(SummaryOnly: false, reply), cancellationToken).ConfigureAwait(false);
        var report = await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return AgentStateMapper.FromStatus(report, AgentVersion.Current);
    }
}
