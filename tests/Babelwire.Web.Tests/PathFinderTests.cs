using System.Net.Sockets;
using Babelwire.Web.Services;
using static Babelwire.Web.Tests.Fakes.Mesh;

namespace Babelwire.Web.Tests;

public sealed class PathFinderTests
{
    private static readonly Shared.Api.NodeDto[] Three = [Node(1), Node(2), Node(3)];

    [Fact]
    public void Direct_neighbours_have_a_one_hop_symmetric_path()
    {
        var view = View(nodes: Three, routes: [Route(1, 2, via: 2), Route(2, 1, via: 1)]);

        var report = PathFinder.Find(view, Id(1), Id(2));

        Assert.Equal([Id(1), Id(2)], report.Forward.Hops);
        Assert.Equal([Id(2), Id(1)], report.Reverse.Hops);
        Assert.False(report.Broken);
        Assert.False(report.Asymmetric);
    }

    [Fact]
    public void A_relayed_path_goes_through_the_relay_both_ways()
    {
        var view = View(nodes: Three, routes: [Route(1, 3, via: 2), Route(2, 3, via: 3), Route(3, 1, via: 2), Route(2, 1, via: 1)]);

        var report = PathFinder.Find(view, Id(1), Id(3));

        Assert.Equal([Id(1), Id(2), Id(3)], report.Forward.Hops);
        Assert.Equal([Id(3), Id(2), Id(1)], report.Reverse.Hops);
        Assert.False(report.Broken);
        Assert.False(report.Asymmetric);
    }

    [Fact]
    public void A_reverse_path_through_another_relay_is_asymmetric()
    {
        var four = Three.Append(Node(4)).ToArray();
        var view = View(nodes: four, routes: [Route(1, 3, via: 2), Route(2, 3, via: 3), Route(3, 1, via: 4), Route(4, 1, via: 1)]);

        var report = PathFinder.Find(view, Id(1), Id(3));

        Assert.Equal([Id(1), Id(2), Id(3)], report.Forward.Hops);
        Assert.Equal([Id(3), Id(4), Id(1)], report.Reverse.Hops);
        Assert.True(report.Asymmetric);
        Assert.False(report.Broken);
    }

    [Fact]
    public void The_longest_covering_prefix_wins()
    {
        var view = View(nodes: Three, routes:
        [
            Route(1, 3, via: 3, prefix: "fd00::/64"),
            Route(1, 3, via: 2),
            Route(2, 3, via: 3),
            Route(3, 1, via: 2),
            Route(2, 1, via: 1),
        ]);

        var report = PathFinder.Find(view, Id(1), Id(3));

        Assert.Equal([Id(1), Id(2), Id(3)], report.Forward.Hops);
    }

    [Fact]
    public void A_node_without_a_route_breaks_the_path()
    {
        var view = View(nodes: Three, routes: [Route(1, 3, via: 2), Route(3, 1, via: 1)]);

        var report = PathFinder.Find(view, Id(1), Id(3));

        Assert.True(report.Broken);
        Assert.Equal([Id(1), Id(2)], report.Forward.Hops);
        Assert.Contains("node-2 has no route", report.Forward.Problem, StringComparison.Ordinal);
        Assert.True(report.Reverse.Complete);
        Assert.False(report.Asymmetric);
    }

    [Fact]
    public void An_unknown_next_hop_breaks_the_path()
    {
        var view = View(nodes: Three, routes: [Route(1, 2, via: null), Route(2, 1, via: 1)]);

        var report = PathFinder.Find(view, Id(1), Id(2));

        Assert.True(report.Broken);
        Assert.Contains("not a known node", report.Forward.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_routing_loop_is_reported_not_followed()
    {
        var view = View(nodes: Three, routes: [Route(1, 3, via: 2), Route(2, 3, via: 1), Route(3, 1, via: 1)]);

        var report = PathFinder.Find(view, Id(1), Id(3));

        Assert.True(report.Broken);
        Assert.Equal([Id(1), Id(2), Id(1)], report.Forward.Hops);
        Assert.Contains("loop", report.Forward.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void IPv4_is_traced_over_the_IPv4_routes()
    {
        var view = View(nodes: Three, routes: [Route4(1, 3, via: 2), Route4(2, 3, via: 3), Route4(3, 1, via: 2), Route4(2, 1, via: 1), Route(1, 3, via: 3)]);

        var report = PathFinder.Find(view, Id(1), Id(3), AddressFamily.InterNetwork);

        Assert.Equal([Id(1), Id(2), Id(3)], report.Forward.Hops);
        Assert.False(report.Broken);
    }

    [Fact]
    public void The_highlight_names_the_nodes_and_the_links_on_the_path()
    {
        var view = View(nodes: Three, links: [Link(1, 2), Link(2, 3)],
            routes: [Route(1, 3, via: 2), Route(2, 3, via: 3), Route(3, 1, via: 2), Route(2, 1, via: 1)]);

        var ids = PathFinder.HighlightIds(view, PathFinder.Find(view, Id(1), Id(3)));

        Assert.Equal(
            new[] { Id(1).ToString(), Id(2).ToString(), Id(3).ToString(), LinkQuality.EdgeId(Id(1), Id(2)), LinkQuality.EdgeId(Id(2), Id(3)) }.Order(),
            ids.Order());
    }
}
