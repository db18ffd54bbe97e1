using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Bench.ChangeReport;

/// <summary>The controller's hub contract, answering at once and recording reports in <see cref="ChangeReportProbe"/>.</summary>
internal sealed class ChangeReportHub(ChangeReportProbe probe, MeshSettingsDto settings) : Hub<IAgentClient>, IAgentHub
{
    public Task<AgentSession> Connect(AgentHello hello)
        => Task.FromResult(new AgentSession(ChangeReportBenchmark.NodeId, "bench", settings, new PeerSetDto(1, [])));

    public Task<PeerSetDto> GetPeerSet() => Task.FromResult(new PeerSetDto(1, []));

    public Task<StateAck> ReportState(AgentStateDto state)
    {
        probe.Full();
        return Task.FromResult(new StateAck(false));
    }

    public Task<StateAck> ReportStateDelta(AgentStateDeltaDto delta)
    {
        probe.Delta(delta);
        return Task.FromResult(new StateAck(false));
    }

    public Task UpdateEndpoints(IReadOnlyList<string> endpoints) => Task.CompletedTask;
}
