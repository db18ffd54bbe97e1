using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Babelwire.Controller.Data.Model;
using Babelwire.Controller.Services;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Controller.Tests.Hub;

public sealed class AgentHubTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private async Task<(ControllerFactory Controller, Uri BaseUri, RecordingStateSink Sink)> StartControllerAsync(CancellationToken ct)
    {
        var sink = new RecordingStateSink();
        var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("hub", ct),
            services: s => s.AddSingleton<IAgentStateSink>(sink));
        return (controller, controller.Start(), sink);
    }

    [Fact]
    public async Task A_new_node_reaches_every_one_of_twenty_connected_agents_within_a_second()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var nodes = new List<SeededNode>();
        for (var i = 0; i < 20; i++)
        {
            nodes.Add(await TestNodes.SeedAsync(controller.ConnectionString, ct));
        }
        var agents = await Task.WhenAll(nodes.Select(n => TestAgent.ConnectAsync(baseUri, n, ct)));
        try
        {
            var joining = await TestNodes.SeedAsync(controller.ConnectionString, ct);
            var stopwatch = Stopwatch.StartNew();
            await controller.Services.GetRequiredService<IMeshChangeNotifier>().NodeChangedAsync(joining.Id, ct);
            var deltas = await Task.WhenAll(agents.Select(a =>
                a.WaitForDeltaAsync(d => d.Upserted.Any(p => p.PublicKey == joining.PublicKey), Bound, ct)));
            stopwatch.Stop();

            TestContext.Current.TestOutputHelper?.WriteLine($"join reached 20 agents in {stopwatch.Elapsed.TotalMilliseconds:F1} ms");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"the join took {stopwatch.Elapsed.TotalMilliseconds:F0} ms to reach 20 agents");
            var peer = Assert.Single(deltas[0].Upserted);
            Assert.Equal([joining.LinkLocalAllowedIP], peer.AllowedIPs);
            Assert.All(deltas, d => Assert.Equal(deltas[0].Version, d.Version));
            Assert.All(deltas, d => Assert.Equal(d.FromVersion + 1, d.Version));
            Assert.Equal(agents.Max(a => a.Session!.PeerSet.Version), deltas[0].FromVersion);
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
    public async Task Concurrent_changes_reach_an_agent_as_gap_free_deltas_in_version_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var watcher = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, watcher, ct);
        var joining = new List<SeededNode>();
        for (var i = 0; i < 40; i++)
        {
            joining.Add(await TestNodes.SeedAsync(controller.ConnectionString, ct));
        }
        var notifier = controller.Services.GetRequiredService<IMeshChangeNotifier>();

        await Task.WhenAll(joining.Select(n => Task.Run(() => notifier.NodeChangedAsync(n.Id, ct), ct)));
        // The same changes again: nothing changed, so no delta and no version.
        await Task.WhenAll(joining.Select(n => notifier.NodeChangedAsync(n.Id, ct)));

        var version = agent.Session!.PeerSet.Version;
        var seen = new HashSet<string>();
        for (var i = 0; i < joining.Count; i++)
        {
            // Deltas the session's snapshot already holds (its own join) have Version <= the snapshot's: skipped, as agents do.
            var delta = await agent.WaitForDeltaAsync(d => d.Version > agent.Session.PeerSet.Version, Bound, ct);
            Assert.Equal(version, delta.FromVersion);
            Assert.Equal(version + 1, delta.Version);
            version = delta.Version;
            seen.Add(Assert.Single(delta.Upserted).PublicKey);
        }
        Assert.Equal(joining.Select(n => n.PublicKey).Order(), seen.Order());
        var set = await agent.Connection.InvokeAsync<PeerSetDto>(nameof(IAgentHub.GetPeerSet), ct);
        Assert.Equal(version, set.Version);
        Assert.Equal(41, set.Peers.Count);
    }

    [Fact]
    public async Task Connect_returns_the_full_peer_set_and_GetPeerSet_returns_the_same_set()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var a = await TestNodes.SeedAsync(controller.ConnectionString, ct, endpoints: ["192.0.2.10:51820"]);
        var b = await TestNodes.SeedAsync(controller.ConnectionString, ct, endpoints: ["198.51.100.7:51820", "[2001:db8::7]:51820"]);
        await TestNodes.SeedAsync(controller.ConnectionString, ct, status: NodeStatus.Disabled);
        // Seeded straight into the database while running: only a restart (or the notifier) brings them in.
        await using var restarted = new ControllerFactory(controller.ConnectionString, services: s => s.AddSingleton<IAgentStateSink>(new RecordingStateSink()));
        baseUri = restarted.Start();
        await using var agent = await TestAgent.ConnectAsync(baseUri, a, ct, endpoints: ["192.0.2.10:51820"]);

        var session = agent.Session!;
        Assert.Equal(a.Id, session.NodeId);
        Assert.Equal(a.Name, session.NodeName);
        Assert.Equal(ControllerFactory.OverlayIPv6Prefix, session.Settings.OverlayIPv6Prefix);
        Assert.Equal(new[] { a.PublicKey, b.PublicKey }.Order(), session.PeerSet.Peers.Select(p => p.PublicKey).Order());
        var peerB = session.PeerSet.Peers.Single(p => p.NodeId == b.Id);
        Assert.Equal(["198.51.100.7:51820", "[2001:db8::7]:51820"], peerB.Endpoints);
        Assert.Equal([b.LinkLocalAllowedIP], peerB.AllowedIPs);

        var again = await agent.Connection.InvokeAsync<PeerSetDto>(nameof(IAgentHub.GetPeerSet), ct);
        Assert.Equal(session.PeerSet.Version, again.Version);
        Assert.Equal(session.PeerSet.Peers.Select(p => p.PublicKey).Order(), again.Peers.Select(p => p.PublicKey).Order());
    }

    [Fact]
    public async Task The_peer_set_version_grows_across_a_controller_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        long before;
        SeededNode node;
        await using (controller)
        {
            node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
            await using var agent = await TestAgent.ConnectAsync(baseUri, node, ct);
            before = agent.Session!.PeerSet.Version;
        }
        await using var restarted = new ControllerFactory(controller.ConnectionString, services: s => s.AddSingleton<IAgentStateSink>(new RecordingStateSink()));
        await using var again = await TestAgent.ConnectAsync(restarted.Start(), node, ct);

        Assert.True(again.Session!.PeerSet.Version > before, $"{again.Session.PeerSet.Version} after restart, {before} before");
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("unknown-node")]
    [InlineData("malformed")]
    [InlineData("disabled")]
    public async Task A_bad_credential_is_refused_with_401(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct, status: kind == "disabled" ? NodeStatus.Disabled : NodeStatus.Active);
        var credential = kind switch
        {
            "wrong-secret" => node.Credential[..33] + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "unknown-node" => Guid.NewGuid().ToString("N") + node.Credential[32..],
            "malformed" => "not-a-credential",
            _ => node.Credential,
        };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => TestAgent.StartAsync(baseUri, credential, ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task The_credential_is_also_accepted_in_the_access_token_query_string_of_the_hub_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        using var http = new HttpClient { BaseAddress = baseUri };

        using var good = await http.PostAsync($"{ControlPlaneRoutes.AgentHub}/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(node.Credential)}", null, ct);
        using var bad = await http.PostAsync($"{ControlPlaneRoutes.AgentHub}/negotiate?negotiateVersion=1&access_token=x", null, ct);
        using var none = await http.PostAsync($"{ControlPlaneRoutes.AgentHub}/negotiate?negotiateVersion=1", null, ct);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task A_disabled_node_gets_NodeRevoked_is_disconnected_leaves_every_peer_set_and_cannot_reconnect()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var victim = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        var other = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        var notifier = controller.Services.GetRequiredService<IMeshChangeNotifier>();
        await notifier.NodeChangedAsync(victim.Id, ct);
        await notifier.NodeChangedAsync(other.Id, ct);
        await using var victimAgent = await TestAgent.ConnectAsync(baseUri, victim, ct);
        await using var otherAgent = await TestAgent.ConnectAsync(baseUri, other, ct);
        using var admin = controller.CreateAdminClient();

        using var response = await admin.PostAsync($"/api/v1/nodes/{victim.Id}/disable", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reason = await victimAgent.Revoked.Task.WaitAsync(Bound, ct);
        Assert.Contains("disabled", reason);
        await victimAgent.Closed.Task.WaitAsync(Bound, ct);
        var delta = await otherAgent.WaitForDeltaAsync(d => d.RemovedPublicKeys.Contains(victim.PublicKey), Bound, ct);
        Assert.Empty(delta.Upserted);
        var set = await otherAgent.Connection.InvokeAsync<PeerSetDto>(nameof(IAgentHub.GetPeerSet), ct);
        Assert.DoesNotContain(set.Peers, p => p.NodeId == victim.Id);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => TestAgent.StartAsync(baseUri, victim.Credential, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_protocol_version_mismatch_is_a_clear_HubException_and_closes_the_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var agent = await TestAgent.StartAsync(baseUri, node.Credential, ct);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => agent.HelloAsync(ct, protocolVersion: ProtocolVersion.Current + 41));

        var hubError = Assert.IsType<HubException>(error);
        Assert.Contains($"version {ProtocolVersion.Current + 41}", hubError.Message);
        Assert.Contains($"version {ProtocolVersion.Current}", hubError.Message);
        await agent.Closed.Task.WaitAsync(Bound, ct);
    }

    [Fact]
    public async Task An_agent_that_drops_and_reconnects_gets_the_full_set_and_its_reports_are_forwarded_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, sink) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        var peer = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        var notifier = controller.Services.GetRequiredService<IMeshChangeNotifier>();
        await notifier.NodeChangedAsync(node.Id, ct);
        await notifier.NodeChangedAsync(peer.Id, ct);

        var agent = await TestAgent.ConnectAsync(baseUri, node, ct);
        await agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), State(0, peer.PublicKey), ct);
        Assert.Equal(node.Id, (await sink.Full.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct)).NodeId);
        await agent.Connection.StopAsync(ct);
        Assert.Equal(node.Id, await sink.Disconnected.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct));
        await agent.DisposeAsync();

        await using var again = await TestAgent.ConnectAsync(baseUri, node, ct);
        var ack = await again.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), State(0, peer.PublicKey), ct);
        var deltaAck = await again.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportStateDelta),
            new AgentStateDeltaDto(1, [], [], [], [], [new PeerStatsDto(peer.PublicKey, "192.0.2.9:51820", null, 10, 20)], []), ct);

        Assert.Equal(2, again.Session!.PeerSet.Peers.Count);
        Assert.False(ack.ResyncRequired);
        Assert.False(deltaAck.ResyncRequired);
        var (nodeId, state) = await sink.Full.Reader.ReadAsync(ct).AsTask().WaitAsync(Bound, ct);
        Assert.Equal(node.Id, nodeId);
        Assert.Equal(peer.PublicKey, Assert.Single(state.Peers).PublicKey);
        Assert.IsType<AgentStateDeltaDto>(sink.Calls.Last());
    }

    [Fact]
    public async Task A_newer_connection_of_the_same_node_replaces_the_older_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, sink) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var first = await TestAgent.ConnectAsync(baseUri, node, ct);

        await using var second = await TestAgent.ConnectAsync(baseUri, node, ct);

        await first.Closed.Task.WaitAsync(Bound, ct);
        Assert.Equal(HubConnectionState.Connected, second.Connection.State);
        await second.Connection.InvokeAsync<PeerSetDto>(nameof(IAgentHub.GetPeerSet), ct);
        Assert.DoesNotContain(sink.Calls, c => c is Guid);
        using var admin = controller.CreateAdminClient();
        var dto = await admin.GetFromJsonAsync<Shared.Api.NodeDto>($"/api/v1/nodes/{node.Id}", ct);
        Assert.True(dto!.Online);
    }

    [Fact]
    public async Task Malformed_hub_input_is_refused_changes_nothing_and_the_connection_and_other_agents_keep_working()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, sink) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct, endpoints: ["192.0.2.1:51820"]);
        var other = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, node, ct, endpoints: ["192.0.2.1:51820"]);
        await using var otherAgent = await TestAgent.ConnectAsync(baseUri, other, ct);
        var tooMany = Enumerable.Range(0, 16_385).Select(i => new RouteStateDto($"2001:db8:{i:x}::/48", 1, "r", "fe80::1", null, true)).ToArray();

        Func<Task>[] bad =
        [
            () => agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), null, ct),
            () => agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), new AgentStateDto(0, "v", null!, [], []), ct),
            () => agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), new AgentStateDto(0, "v", [], tooMany, []), ct),
            () => agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState),
                new AgentStateDto(0, "v", [new NeighbourStateDto(new string('x', 10_000), null, "wg0", 96, 96, 96, null)], [], []), ct),
            () => agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportStateDelta), new AgentStateDeltaDto(1, [], [null!], [], [], [], []), ct),
            () => agent.Connection.InvokeAsync(nameof(IAgentHub.UpdateEndpoints), new[] { "not an endpoint" }, ct),
            () => agent.Connection.InvokeAsync(nameof(IAgentHub.UpdateEndpoints), Enumerable.Range(1, 100).Select(i => $"192.0.2.{i}:51820").ToArray(), ct),
            () => agent.Connection.InvokeAsync(nameof(IAgentHub.UpdateEndpoints), null, ct),
        ];
        foreach (var call in bad)
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains("Invalid input", error.Message);
        }

        Assert.Empty(sink.Calls);
        await using (var db = TestNodes.OpenDatabase(controller.ConnectionString))
        {
            Assert.Equal(["192.0.2.1:51820"], (await db.Nodes.SingleAsync(n => n.Id == node.Id, ct)).Endpoints);
        }
        Assert.Equal(HubConnectionState.Connected, agent.Connection.State);
        await agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), State(0, other.PublicKey), ct);
        Assert.Single(sink.Calls);
        await agent.Connection.InvokeAsync(nameof(IAgentHub.UpdateEndpoints), new[] { "203.0.113.5:51820" }, ct);
        var delta = await otherAgent.WaitForDeltaAsync(d => d.Upserted.Any(p => p.NodeId == node.Id), Bound, ct);
        Assert.Equal(["203.0.113.5:51820"], delta.Upserted.Single().Endpoints);
    }

    [Fact]
    public async Task Hub_methods_other_than_Connect_need_a_session()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, sink) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var agent = await TestAgent.StartAsync(baseUri, node.Credential, ct);

        var error = await Assert.ThrowsAsync<HubException>(() => agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), State(0, node.PublicKey), ct));

        Assert.Contains("Connect first", error.Message);
        Assert.Empty(sink.Calls);
    }

    [Fact]
    public async Task Settings_changes_reach_connected_agents()
    {
        var ct = TestContext.Current.CancellationToken;
        var (controller, baseUri, _) = await StartControllerAsync(ct);
        await using var _c = controller;
        var node = await TestNodes.SeedAsync(controller.ConnectionString, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, node, ct);
        var settings = agent.Session!.Settings with { StateReportInterval = TimeSpan.FromSeconds(42) };

        await controller.Services.GetRequiredService<IMeshChangeNotifier>().SettingsChangedAsync(settings, ct);

        Assert.Equal(settings, await agent.SettingsChanged.Task.WaitAsync(Bound, ct));
    }

    private static AgentStateDto State(long sequence, string peerKey) =>
        new(sequence, "test-1.0",
            [new NeighbourStateDto("fe80::2", peerKey, "wg0", 96, 96, 96, 1.5)],
            [new RouteStateDto("fd00:b:1::2/128", 96, "00:00:00:00:00:00:00:02", "fe80::2", peerKey, true)],
            [new PeerStatsDto(peerKey, "192.0.2.2:51820", null, 1, 2)]);
}
