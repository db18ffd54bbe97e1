using System.Diagnostics;
using System.Net.Http.Json;
using Babelwire.Controller.Tests.Enrolment;
using Babelwire.Controller.Tests.Hub;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using Babelwire.Shared.Enrolment;
using Babelwire.Shared.Hub;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR.Client;

namespace Babelwire.Controller.Tests.EndToEnd;

/// <summary>The whole control plane as agents use it: enrolment over REST, the hub over real SignalR, state read back over REST.</summary>
public sealed class AgentFlowTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_node_enrolled_through_the_api_reaches_every_connected_agent_within_a_second()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("e2e", ct));
        var baseUri = controller.Start();
        using var admin = controller.CreateAdminClient();
        using var anonymous = controller.CreateClient();
        var token = await EnrolmentTestKit.CreateTokenAsync(admin, ct);
        List<TestAgent> agents = [];
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var node = await EnrolAsync(anonymous, token.Secret, $"host{i}", ct);
                agents.Add(await TestAgent.ConnectAsync(baseUri, node, ct));
            }

            var joining = EnrolmentTestKit.NewRequest(token.Secret, "newcomer");
            var waits = agents.Select(a => a.WaitForDeltaAsync(d => d.Upserted.Any(p => p.PublicKey == joining.PublicKey), Wait, ct)).ToList();
            var clock = Stopwatch.StartNew();
            var enrolled = await EnrolmentTestKit.EnrolAsync(anonymous, joining, ct);
            var deltas = await Task.WhenAll(waits);
            clock.Stop();

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the last agent got the new peer after {clock.Elapsed}");
            Assert.All(deltas, d => Assert.Contains(d.Upserted, p => p.NodeId == enrolled.NodeId && p.OverlayIPv6 == enrolled.OverlayIPv6));
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task State_streamed_over_the_hub_is_what_the_rest_api_returns_and_a_reconnected_agent_resyncs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("e2e", ct));
        var baseUri = controller.Start();
        using var admin = controller.CreateAdminClient();
        using var anonymous = controller.CreateClient();
        var token = await EnrolmentTestKit.CreateTokenAsync(admin, ct);
        var a = await EnrolAsync(anonymous, token.Secret, "alpha", ct);
        var b = await EnrolAsync(anonymous, token.Secret, "bravo", ct);
        var bOverlay = (await admin.GetFromJsonAsync<NodeDto>($"/api/v1/nodes/{b.Id}", ct))!.OverlayIPv6 + "/128";

        await using (var agent = await TestAgent.ConnectAsync(baseUri, a, ct))
        {
            var full = new AgentStateDto(1, "test-1.0",
                [new NeighbourStateDto("fe80::b", b.PublicKey, "bw0", 96, 96, 96, 1.5)],
                [new RouteStateDto(bOverlay, 96, "00:00:00:00:00:00:00:0b", "fe80::b", b.PublicKey, true)],
                [new PeerStatsDto(b.PublicKey, "192.0.2.2:51820", DateTimeOffset.UtcNow, 1000, 2000)]);
            Assert.False((await agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), full, ct)).ResyncRequired);

            var link = Assert.Single((await admin.GetFromJsonAsync<List<LinkDto>>($"/api/v1/links?node={a.Id}", ct))!);
            var fromA = link.NodeA == a.Id ? link.FromA : link.FromB;
            Assert.Equal(96, fromA?.Cost);
            var route = Assert.Single((await admin.GetFromJsonAsync<List<MeshRouteDto>>($"/api/v1/routes?node={a.Id}", ct))!);
            Assert.Equal(b.Id, route.NextHopNodeId);

            var delta = new AgentStateDeltaDto(2, [new NeighbourStateDto("fe80::b", b.PublicKey, "bw0", 250, 250, 250, 30.0)], [], [], [], [], []);
            Assert.False((await agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportStateDelta), delta, ct)).ResyncRequired);
            link = Assert.Single((await admin.GetFromJsonAsync<List<LinkDto>>($"/api/v1/links?node={a.Id}", ct))!);
            Assert.Equal(250, (link.NodeA == a.Id ? link.FromA : link.FromB)?.Cost);
        }

        await using var reconnected = await TestAgent.ConnectAsync(baseUri, a, ct);
        var stale = new AgentStateDeltaDto(3, [], ["fe80::b"], [], [], [], []);
        Assert.True((await reconnected.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportStateDelta), stale, ct)).ResyncRequired);
        Assert.Single((await admin.GetFromJsonAsync<List<LinkDto>>($"/api/v1/links?node={a.Id}", ct))!);
    }

    private static async Task<SeededNode> EnrolAsync(HttpClient client, string token, string hostname, CancellationToken ct)
    {
        var request = EnrolmentTestKit.NewRequest(token, hostname);
        EnrolmentResponse response = await EnrolmentTestKit.EnrolAsync(client, request, ct);
        return new SeededNode(response.NodeId, response.NodeName, request.PublicKey, response.HubCredential, request.LinkLocal + "/128");
    }
}
