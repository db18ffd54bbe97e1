using System.Diagnostics;
using Babelwire.Controller.Services.LiveView;
using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Api;

namespace Babelwire.Controller.Tests.Dashboard;

public sealed class MeshViewBuilderTests(ITestOutputHelper output)
{
    private const int Nodes = 5_000;
    private const int RoutesPerNode = 16;
    private const int NeighboursPerNode = 4;

    [Fact]
    public void A_rebuild_at_5000_nodes_and_16_routes_each_takes_milliseconds_after_a_burst_of_reports()
    {
        var ids = Enumerable.Range(0, Nodes).Select(_ => Guid.NewGuid()).ToArray();
        var builder = new MeshViewBuilder();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Nodes; i++)
        {
            builder.SetNode(NodeOf(ids[i], i));
            builder.SetSlice(ids[i], SliceOf(ids, i, cost: 96, now));
        }
        var first = Stopwatch.StartNew();
        var view = builder.Build(1, now, true, _ => true);
        first.Stop();
        Assert.Equal(Nodes, view.Nodes.Count);
        Assert.Equal(Nodes * RoutesPerNode, view.Routes.Count);
        // Each node reports its next NeighboursPerNode/2 ring neighbours and is reported by the previous ones: a ring lattice.
        Assert.Equal(Nodes * NeighboursPerNode / 2, view.Links.Count);
        Assert.All(view.Links, l => Assert.True(l.Up));

        // A burst: 500 nodes report changes between two snapshots (what 5,000 agents reporting every 10 s give in 100 ms, many times over).
        var rebuild = Stopwatch.StartNew();
        const int Rounds = 10;
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = round; i < Nodes; i += Nodes / 500)
            {
                builder.SetSlice(ids[i], SliceOf(ids, i, cost: 100 + round, now));
            }
            view = builder.Build(2 + round, now, true, _ => true);
        }
        rebuild.Stop();
        var perRebuild = rebuild.Elapsed / Rounds;
        output.WriteLine($"first build {first.Elapsed.TotalMilliseconds:F1} ms; a rebuild after 500 changed nodes {perRebuild.TotalMilliseconds:F1} ms " +
            $"({Nodes} nodes, {view.Links.Count} links, {view.Routes.Count} routes)");
        Assert.Equal(Nodes * RoutesPerNode, view.Routes.Count);
        // Generous for a shared CI machine; at 10 rebuilds a second this is the feed's whole cost.
        Assert.True(perRebuild < TimeSpan.FromMilliseconds(100), $"a rebuild took {perRebuild}");
    }

    [Fact]
    public void A_published_snapshot_never_changes_when_later_ones_are_built()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var builder = new MeshViewBuilder();
        var now = DateTimeOffset.UtcNow;
        builder.SetNode(NodeOf(a, 1));
        builder.SetNode(NodeOf(b, 2));
        builder.SetSlice(a, new TopologySlice(a, false, [], new Dictionary<Guid, LinkSideDto> { [b] = new(96, 96, 96, null, now) }));
        var online = new HashSet<Guid> { a };
        var first = builder.Build(1, now, true, online.Contains);

        online.Add(b);
        builder.SetSlice(a, new TopologySlice(a, false, [], new Dictionary<Guid, LinkSideDto>()));
        var second = builder.Build(2, now, true, online.Contains);

        Assert.Equal([true, false], first.Nodes.Select(n => n.Online));
        Assert.True(Assert.Single(first.Links).Up);
        Assert.Equal([true, true], second.Nodes.Select(n => n.Online));
        Assert.False(Assert.Single(second.Links).Up);
        Assert.Null(second.Links[0].FromA ?? second.Links[0].FromB);
    }

    private static NodeDto NodeOf(Guid id, int i) =>
        new(id, $"node-{i:D5}", $"key-{i}", ["192.0.2.1:51820"], $"fd00:b:1::{i:x}", $"198.18.{i / 256}.{i % 256}", [], "active", false, DateTimeOffset.UnixEpoch, null, "1.0");

    private static TopologySlice SliceOf(Guid[] ids, int i, int cost, DateTimeOffset now)
    {
        var routes = Enumerable.Range(1, RoutesPerNode)
            .Select(r => new MeshRouteDto(ids[i], $"fd00:b:1::{(i + r) % Nodes:x}/128", cost, "r", "fe80::1", ids[(i + 1) % Nodes], true, now))
            .ToArray();
        var sides = Enumerable.Range(1, NeighboursPerNode / 2)
            .ToDictionary(n => ids[(i + n) % Nodes], _ => new LinkSideDto(cost, cost, cost, null, now));
        return new TopologySlice(ids[i], false, routes, sides);
    }
}
