using System.Diagnostics;
using Babelwire.Controller.Services;
using Babelwire.Controller.Tests.Hub;
using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Controller.Tests.Topology;
using Babelwire.Shared.Dashboard;
using Babelwire.Shared.Hub;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static Babelwire.Controller.Tests.Topology.TopologyTestExtensions;

namespace Babelwire.Controller.Tests.Dashboard;

public sealed class MeshFeedTests(PostgresFixture postgres)
{
    private static readonly TimeSpan WithinOneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_agents_report_reaches_the_feed_and_its_subscribers_within_a_second()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.Server.CreateDatabaseAsync("feed", ct);
        await using var controller = new ControllerFactory(connectionString);
        var baseUri = controller.Start();
        var feed = controller.Services.GetRequiredService<IMeshFeed>();
        var a = await TestNodes.SeedAsync(connectionString, ct);
        var b = await TestNodes.SeedAsync(connectionString, ct);
        await using var agent = await TestAgent.ConnectAsync(baseUri, a, ct);
        await WaitForViewAsync(feed, v => v.Nodes.Any(n => n.Id == a.Id && n.Online), "the connected node online in the view", ct);
        controller.Services.GetRequiredService<MeshChangeSignals>().NodeChanged(b.Id);
        await WaitForViewAsync(feed, v => v.Nodes.Any(n => n.Id == b.Id && !n.Online), "the other node in the view", ct);

        var seen = new TaskCompletionSource<MeshView>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(view =>
        {
            if (view.Routes.Any(r => r.NodeId == a.Id) && view.Links.Any(l => l.Up))
            {
                seen.TrySetResult(view);
            }
            return Task.CompletedTask;
        });
        var state = new AgentStateDto(0, "test-1.0",
            [new NeighbourStateDto("fe80::b", b.PublicKey, "wg0", 96, 96, 96, 1.5)],
            [new RouteStateDto("fd00:b:1::b/128", 96, "00:00:00:00:00:00:00:0b", "fe80::b", b.PublicKey, true)],
            []);
        var sent = Stopwatch.StartNew();
        await agent.Connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), state, ct);

        var view = await seen.Task.WaitAsync(WithinOneSecond, ct);
        Assert.True(sent.Elapsed < WithinOneSecond, $"took {sent.Elapsed}");
        var route = Assert.Single(view.Routes, r => r.NodeId == a.Id);
        Assert.Equal(("fd00:b:1::b/128", b.Id), (route.Prefix, route.NextHopNodeId!.Value));
        var link = Assert.Single(view.Links);
        Assert.Equal(Pair(a.Id, b.Id), Pair(link.NodeA, link.NodeB));
        Assert.True(view.DatabaseAvailable);
        Assert.Same(view, feed.Current);
        var node = Assert.Single(view.Nodes, n => n.Id == a.Id);
        Assert.Equal(("active", "test-1.0"), (node.Status, node.AgentVersion));
    }

    [Fact]
    public async Task A_link_that_goes_down_stays_in_the_view_until_one_of_its_nodes_is_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("feed", ct));
        controller.Start();
        var feed = controller.Services.GetRequiredService<IMeshFeed>();
        var (a, b, c) = await ThreeKnownNodesAsync(controller, feed, ct);
        var sink = controller.Sink();

        await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96), c.AsNeighbour(256)], [b.AsNextHopTo(b, 96)]), ct);
        await sink.AcceptFullAsync(b.Id, Full(0, [a.AsNeighbour(100)]), ct);
        await WaitForViewAsync(feed, v => v.Links.Count(l => l.Up) == 2, "two links up", ct);

        // A's neighbour C becomes unreachable, then A stops reporting it; B's agent disconnects (its last report is kept, not live).
        await sink.AcceptDeltaAsync(a.Id, Delta(1, neighbours: [c.AsNeighbour(0xFFFF)]), ct);
        var unreachable = await WaitForViewAsync(feed, v => v.Links.Any(l => Pair(l.NodeA, l.NodeB) == Pair(a.Id, c.Id) && !l.Up), "the A-C link down", ct);
        Assert.Equal(0xFFFF, Side(Assert.Single(unreachable.Links, l => Pair(l.NodeA, l.NodeB) == Pair(a.Id, c.Id)), a.Id)!.Cost);
        await sink.AcceptDeltaAsync(a.Id, Delta(2, neighboursRemoved: [c.LinkLocal]), ct);
        await sink.AcceptDeltaAsync(a.Id, Delta(3, neighboursRemoved: [b.LinkLocal]), ct);
        await sink.NodeDisconnectedAsync(b.Id, ct);
        var down = await WaitForViewAsync(feed, v => v.Links.Count == 2 && v.Links.All(l => !l.Up), "both links kept, down", ct);
        var ab = Assert.Single(down.Links, l => Pair(l.NodeA, l.NodeB) == Pair(a.Id, b.Id));
        Assert.Null(Side(ab, a.Id));
        Assert.Equal(100, Side(ab, b.Id)!.Cost);

        await using var scope = controller.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<INodeAdministration>().DeleteAsync(c.Id, ct);
        Assert.True(deleted.Succeeded);
        var after = await WaitForViewAsync(feed, v => v.Nodes.All(n => n.Id != c.Id), "the deleted node gone", ct);
        Assert.Equal(Pair(a.Id, b.Id), Pair(Assert.Single(after.Links).NodeA, after.Links[0].NodeB));
        Assert.DoesNotContain(after.Routes, r => r.NodeId == c.Id);
        Assert.Equal(2, after.Nodes.Count);
    }

    [Fact]
    public async Task A_slow_or_failing_subscriber_holds_up_no_one_and_gets_the_newest_snapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("feed", ct));
        controller.Start();
        var feed = controller.Services.GetRequiredService<IMeshFeed>();
        var (a, b, _) = await ThreeKnownNodesAsync(controller, feed, ct);
        var sink = controller.Sink();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<long> slowSaw = [];
        using var slow = feed.Subscribe(async view =>
        {
            lock (slowSaw)
            {
                slowSaw.Add(view.Version);
            }
            await release.Task;
        });
        using var failing = feed.Subscribe(_ => throw new InvalidOperationException("a broken page"));
        var fastSaw = new TaskCompletionSource<MeshView>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var fast = feed.Subscribe(view =>
        {
            if (view.Routes.Count(r => r.NodeId == a.Id) == 3)
            {
                fastSaw.TrySetResult(view);
            }
            return Task.CompletedTask;
        });

        await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96)], [b.AsNextHopTo(b, 96)]), ct);
        await WaitForViewAsync(feed, v => v.Routes.Any(r => r.NodeId == a.Id), "the first route", ct);
        for (var i = 1; i <= 2; i++)
        {
            await sink.AcceptDeltaAsync(a.Id, Delta(i, routes: [new RouteStateDto($"fd00:b:1::{100 + i:x}/128", 96, "r", b.LinkLocal, b.PublicKey, true)]), ct);
            await WaitForViewAsync(feed, v => v.Routes.Count(r => r.NodeId == a.Id) == 1 + i, $"{1 + i} routes", ct);
        }

        var newest = await fastSaw.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
        release.SetResult();
        await EventuallyAsync(() =>
        {
            lock (slowSaw)
            {
                return Task.FromResult(slowSaw.Count > 0 && slowSaw[^1] >= newest.Version);
            }
        }, "the slow subscriber to catch up with the newest snapshot", ct, TimeSpan.FromSeconds(5));
        lock (slowSaw)
        {
            // It was busy with the first snapshot while the next ones came: it skipped to the newest.
            Assert.True(slowSaw.Count < newest.Version - slowSaw[0] + 1, $"saw {string.Join(", ", slowSaw)}");
        }
    }

    [Fact]
    public async Task The_view_shows_the_database_away_within_seconds_and_back_after()
    {
        var ct = TestContext.Current.CancellationToken;
        _ = postgres.Server;
        await using var server = await Babelwire.Testing.PostgresServer.StartAsync(durable: false, ct);
        await using var controller = new ControllerFactory(await server.CreateDatabaseAsync("feed", ct),
            settings: new Dictionary<string, string?> { ["LiveView:DatabaseProbeInterval"] = "00:00:00.500" });
        controller.Start();
        var feed = controller.Services.GetRequiredService<IMeshFeed>();
        await WaitForViewAsync(feed, v => v.DatabaseAvailable, "the database available", ct);

        await server.StopAsync();
        await WaitForViewAsync(feed, v => !v.DatabaseAvailable, "the database away", ct, TimeSpan.FromSeconds(5));

        await server.RestartAsync(ct);
        await WaitForViewAsync(feed, v => v.DatabaseAvailable, "the database back", ct, TimeSpan.FromSeconds(15));
    }

    internal static async Task<MeshView> WaitForViewAsync(IMeshFeed feed, Func<MeshView, bool> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        MeshView? match = null;
        await EventuallyAsync(() =>
        {
            var view = feed.Current;
            match = condition(view) ? view : null;
            return Task.FromResult(match is not null);
        }, what, cancellationToken, timeout ?? TimeSpan.FromSeconds(5));
        return match!;
    }

    /// <summary>Three nodes made in the database, announced as enrolment would, and in the view.</summary>
    private static async Task<(TestNode A, TestNode B, TestNode C)> ThreeKnownNodesAsync(ControllerFactory controller, IMeshFeed feed, CancellationToken cancellationToken)
    {
        var nodes = await TestNode.CreateAsync(controller, 3, cancellationToken);
        var signals = controller.Services.GetRequiredService<MeshChangeSignals>();
        foreach (var node in nodes)
        {
            signals.NodeChanged(node.Id);
        }
        await WaitForViewAsync(feed, v => v.Nodes.Count == 3, "three nodes in the view", cancellationToken);
        return (nodes[0], nodes[1], nodes[2]);
    }

    private static (Guid, Guid) Pair(Guid x, Guid y) => x.CompareTo(y) < 0 ? (x, y) : (y, x);

    private static Shared.Api.LinkSideDto? Side(Shared.Api.LinkDto link, Guid reporter) => link.NodeA == reporter ? link.FromA : link.FromB;
}
