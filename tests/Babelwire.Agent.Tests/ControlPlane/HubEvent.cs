using Babelwire.Shared.Hub;
using Babelwire.Shared.State;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>What the test hub saw, in order.</summary>
internal abstract record HubEvent
{
    public sealed record Connected(string ConnectionId, string? AccessToken) : HubEvent;

    public sealed record Hello(string ConnectionId, AgentHello Value) : HubEvent;

    public sealed record FullReport(string ConnectionId, AgentStateDto State) : HubEvent;

    public sealed record Delta(string ConnectionId, AgentStateDeltaDto Value) : HubEvent;

    public sealed record PeerSetFetched(string ConnectionId) : HubEvent;

    public sealed record Disconnected(string ConnectionId) : HubEvent;
}
