using System.Net;
using Babelwire.Controller.Services.Topology;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Babelwire.Controller.Tests.Topology.TopologyTestExtensions;

namespace Babelwire.Controller.Tests.Topology;

public sealed class TopologyPersistenceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task After_a_controller_restart_the_same_view_comes_back_from_the_database_marked_stale()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("topology", ct);
        IReadOnlyList<TestNode> nodes;
        string links, routes, peers;
        await using (var controller = new ControllerFactory(connectionString))
        {
            controller.Start();
            using var client = controller.CreateAdminClient();
            nodes = await TestNode.CreateAsync(controller, 3, ct);
            var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
            var sink = controller.Sink();
            await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96, 2.25), c.AsNeighbour(65535)], [b.AsNextHopTo(b, 96), b.AsNextHopTo(c, 200)], [b.AsPeer(1, 2), c.AsPeer(3, 4)]), ct);
            await sink.AcceptFullAsync(b.Id, Full(0, [a.AsNeighbour(100)], [a.AsNextHopTo(a, 100)], [a.AsPeer(5, 6)]), ct);
            await sink.AcceptDeltaAsync(a.Id, Delta(1, routesRemoved: [b.HostRouteV6], peers: [b.AsPeer(10, 20)]), ct);
            links = await client.GetStringAsync("/api/v1/links", ct);
            routes = await client.GetStringAsync("/api/v1/routes", ct);
            peers = await client.GetStringAsync($"/api/v1/nodes/{a.Id}/peers", ct);
            // No waiting for the writer here: stopping the controller writes what is left.
        }

        await using var restarted = new ControllerFactory(connectionString);
        restarted.Start();
        using var after = restarted.CreateAdminClient();

        Assert.Equal(links, await after.GetStringAsync("/api/v1/links", ct));
        Assert.Equal(routes, await after.GetStringAsync("/api/v1/routes", ct));
        var a2 = await after.GetPeersAsync(nodes[0].Id, ct);
        Assert.True(a2.Stale);
        Assert.Equal(new[] { (nodes[1].PublicKey, 10L, 20L), (nodes[2].PublicKey, 3L, 4L) }.OrderBy(p => p.PublicKey, StringComparer.Ordinal),
            a2.Peers.Select(p => (p.PublicKey, p.ReceivedBytes, p.SentBytes)));
        Assert.Contains("\"stale\":false", peers);
        // After a restart the first delta of a connection needs a full report.
        Assert.True((await restarted.Sink().AcceptDeltaAsync(nodes[0].Id, Delta(2, routesRemoved: [nodes[2].HostRouteV6]), ct)).ResyncRequired);
        await restarted.Sink().AcceptFullAsync(nodes[0].Id, Full(0, [nodes[1].AsNeighbour(96, 2.25)]), ct);
        Assert.False((await after.GetPeersAsync(nodes[0].Id, ct)).Stale);
    }

    [Fact]
    public async Task While_the_database_is_down_reports_are_accepted_and_visible_and_persisted_once_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        if (PostgresServer.FindBinDirectory(out var problem) is null)
        {
            _ = postgres.Server;   // skips, or fails under CI=true, with the reason
            Assert.Fail(problem);
        }
        await using var server = await PostgresServer.StartAsync(durable: false, ct);
        var connectionString = await server.CreateDatabaseAsync("topology", ct);
        await using var controller = new ControllerFactory(connectionString);
        controller.Start();
        using var client = controller.CreateAdminClient();
        var nodes = await TestNode.CreateAsync(controller, 4, ct);
        var (a, b, c, d) = (nodes[0], nodes[1], nodes[2], nodes[3]);
        var sink = controller.Sink();
        // Every node is someone's WireGuard peer before the outage, so their keys are known without the database.
        await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96)], [b.AsNextHopTo(b, 96)], [b.AsPeer(1, 1), c.AsPeer(1, 1), d.AsPeer(1, 1)]), ct);
        await EventuallyAsync(async () => await CountAsync(connectionString, "SELECT count(*) FROM routes", ct) == 1, "the first route to be written", ct);

        await server.StopAsync();
        for (var sequence = 1; sequence <= 20; sequence++)
        {
            var ack = await sink.AcceptDeltaAsync(a.Id, Delta(sequence, routes: [b.AsNextHopTo(c, 100 + sequence)]), ct);
            Assert.False(ack.ResyncRequired);
        }
        await sink.AcceptDeltaAsync(a.Id, Delta(21, neighbours: [c.AsNeighbour(50), d.AsNeighbour(60)], routes: [c.AsNextHopTo(d, 110)], routesRemoved: [b.HostRouteV6]), ct);
        await sink.AcceptFullAsync(b.Id, Full(0, [a.AsNeighbour(96)], [a.AsNextHopTo(a, 96)]), ct);

        // The admin API authenticates against the database, so while it is down the live view is read in-process.
        var store = controller.Services.GetRequiredService<TopologyStore>();
        Assert.Equal(3, store.GetLinks(null).Count);
        var toC = Assert.Single(store.GetRoutes(a.Id, IPNetwork.Parse(c.HostRouteV6)));
        Assert.Equal(120, toC.Metric);

        await server.RestartAsync(ct);
        await EventuallyAsync(async () =>
            await CountAsync(connectionString, "SELECT count(*) FROM adjacencies", ct) == 4
            && await CountAsync(connectionString, "SELECT count(*) FROM routes", ct) == 3
            && await CountAsync(connectionString, $"SELECT count(*) FROM routes WHERE node_id = '{a.Id}' AND prefix = '{c.HostRouteV6}' AND metric = 120", ct) == 1
            && await CountAsync(connectionString, $"SELECT count(*) FROM routes WHERE node_id = '{a.Id}' AND prefix = '{b.HostRouteV6}'", ct) == 0,
            "every change made while the database was down to be written", ct, TimeSpan.FromSeconds(30));
        Assert.Equal(120, Assert.Single(await client.GetRoutesAsync($"?node={a.Id}&prefix={c.HostRouteV6}", ct)).Metric);
    }
}
