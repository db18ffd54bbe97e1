using Babelwire.Controller.Tests.Infrastructure;
using Babelwire.Shared.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Babelwire.Controller.Tests.Topology.TopologyTestExtensions;

namespace Babelwire.Controller.Tests.Topology;

public sealed class TopologyEventsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Link_up_and_down_and_route_changes_are_recorded_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("topology", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();
        var nodes = await TestNode.CreateAsync(controller, 3, ct);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var sink = controller.Sink();
        var foreign = new Babelwire.Shared.State.RouteStateDto("2001:db8:5::/64", 96, "00:00:00:00:00:00:00:09", b.LinkLocal, b.PublicKey, true);

        await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96), c.AsNeighbour(96)], [c.AsNextHopTo(c, 96), foreign]), ct);
        // C becomes unreachable directly; its /128 goes through B; a prefix outside the overlay moves too (no event).
        await sink.AcceptDeltaAsync(a.Id, Delta(1, neighbours: [c.AsNeighbour(65535)], routes: [b.AsNextHopTo(c, 192), foreign with { NextHop = c.LinkLocal }]), ct);
        // A metric change alone is no route change.
        await sink.AcceptDeltaAsync(a.Id, Delta(2, routes: [b.AsNextHopTo(c, 200)]), ct);
        await sink.AcceptDeltaAsync(a.Id, Delta(3, neighboursRemoved: [b.LinkLocal], routesRemoved: [c.HostRouteV6, foreign.Prefix]), ct);
        await sink.AcceptDeltaAsync(a.Id, Delta(4, neighbours: [c.AsNeighbour(80)]), ct);

        string[] expected = [MeshEventKinds.LinkUp, MeshEventKinds.RouteLost, MeshEventKinds.LinkDown, MeshEventKinds.RouteChanged, MeshEventKinds.LinkDown, MeshEventKinds.LinkUp, MeshEventKinds.LinkUp];
        PageDto<MeshEventDto> page = new([], null);
        await EventuallyAsync(async () => (page = await client.GetEventsAsync($"?node={a.Id}", ct)).Items.Count >= expected.Length, "the events to be written", ct);

        Assert.Equal(expected, page.Items.Select(e => e.Kind));
        Assert.Null(page.NextCursor);
        Assert.All(page.Items, e => Assert.Equal(a.Id, e.NodeId));
        var changed = Assert.Single(page.Items, e => e.Kind == MeshEventKinds.RouteChanged);
        Assert.Equal((c.HostRouteV6, b.Id), (changed.Prefix, changed.PeerNodeId!.Value));
        Assert.Contains($"now via {b.LinkLocal}", changed.Message);
        var lost = Assert.Single(page.Items, e => e.Kind == MeshEventKinds.RouteLost);
        Assert.Equal(c.HostRouteV6, lost.Prefix);
        Assert.Equal([c.Id, b.Id, c.Id], page.Items.Where(e => e.Kind == MeshEventKinds.LinkDown || e.Kind == MeshEventKinds.LinkUp).Take(3).Select(e => e.PeerNodeId!.Value));

        // Filters and cursor paging.
        Assert.Equal(4, (await client.GetEventsAsync($"?node={b.Id}", ct)).Items.Count);   // B as the peer: its link up and down, the route through it changed and lost
        Assert.Equal(2, (await client.GetEventsAsync($"?node={a.Id}&kind=link-down", ct)).Items.Count);
        var first = await client.GetEventsAsync($"?node={a.Id}&limit=4", ct);
        var second = await client.GetEventsAsync($"?node={a.Id}&limit=4&cursor={first.NextCursor}", ct);
        Assert.Equal(page.Items.Select(e => e.Id), first.Items.Concat(second.Items).Select(e => e.Id));
        Assert.Null(second.NextCursor);
        Assert.Empty((await client.GetEventsAsync($"?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}", ct)).Items);
    }

    [Fact]
    public async Task Retention_deletes_events_older_than_the_mesh_setting()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var connectionString = await postgres.Server.CreateDatabaseAsync("topology", ct);
        await using var controller = new ControllerFactory(connectionString,
            settings: new Dictionary<string, string?>
            {
                ["Mesh:EventRetention"] = "01:00:00",
                ["Topology:RetentionInterval"] = "00:01:00",
                ["Topology:WriteInterval"] = "00:00:00.010",
            },
            services: s => s.AddSingleton<TimeProvider>(time));
        controller.Start();
        using var client = controller.CreateAdminClient();
        var nodes = await TestNode.CreateAsync(controller, 3, ct);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var sink = controller.Sink();

        await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96)]), ct);
        await EventuallyAsync(async () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            return await CountAsync(connectionString, "SELECT count(*) FROM events", ct) == 1;
        }, "the first event to be written", ct);

        time.Advance(TimeSpan.FromHours(2));
        await sink.AcceptDeltaAsync(a.Id, Delta(1, neighbours: [c.AsNeighbour(96)]), ct);
        await EventuallyAsync(async () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            var events = (await client.GetEventsAsync("", ct)).Items;
            return events.Count == 1 && events[0].PeerNodeId == c.Id;
        }, "the old event to be pruned and the new one kept", ct);
        Assert.True((await client.GetEventsAsync("", ct)).Items[0].At >= DateTimeOffset.Parse("2026-11-25T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }
}
