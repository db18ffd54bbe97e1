using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>A hub with the controller's contract whose answers the test sets through <see cref="HubBehaviour"/>.</summary>
internal sealed class TestAgentHub(HubBehaviour behaviour) : Hub<IAgentClient>, IAgentHub
{
    public override Task OnConnectedAsync()
    {
        behaviour.Connections[Context.ConnectionId] = Context;
        var http = Context.GetHttpContext();
        var token = http?.Request.Query["access_token"].FirstOrDefault()
            ?? http?.Request.Headers.Authorization.FirstOrDefault()?.Replace("Bearer ", "", StringComparison.Ordinal);
        behaviour.Post(new HubEvent.Connected(Context.ConnectionId, token));
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        behaviour.Connections.TryRemove(Context.ConnectionId, out _);
        behaviour.Post(new HubEvent.Disconnected(Context.ConnectionId));
        return Task.CompletedTask;
    }

    public Task<AgentSession> Connect(AgentHello hello)
    {
        behaviour.Post(new HubEvent.Hello(Context.ConnectionId, hello));
        if (behaviour.RefuseConnect is { } refusal)
            throw new HubException(refusal);
        var set = behaviour.PeerSet;
        return Task.FromResult(hello.KnownPeerSetDigest is { Length: > 0 } known && known == set.Digest
            ? new AgentSession(behaviour.NodeId, behaviour.NodeName, behaviour.Settings, set with { Peers = [] }, PeerSetUnchanged: true)
            : new AgentSession(behaviour.NodeId, behaviour.NodeName, behaviour.Settings, set));
    }

    public Task<PeerSetDto> GetPeerSet()
    {
        behaviour.Post(new HubEvent.PeerSetFetched(Context.ConnectionId));
        return Task.FromResult(behaviour.PeerSet);
    }

    public Task<StateAck> ReportState(AgentStateDto state)
    {
        behaviour.Post(new HubEvent.FullReport(Context.ConnectionId, state));
        return Task.FromResult(new StateAck(behaviour.ResyncAt.Contains(state.Sequence)));
    }

    public Task<StateAck> ReportStateDelta(AgentStateDeltaDto delta)
    {
        behaviour.Post(new HubEvent.Delta(Context.ConnectionId, delta));
        return Task.FromResult(new StateAck(behaviour.ResyncAt.Contains(delta.Sequence)));
    }

    public Task UpdateEndpoints(IReadOnlyList<string> endpoints) => Task.CompletedTask;
}
