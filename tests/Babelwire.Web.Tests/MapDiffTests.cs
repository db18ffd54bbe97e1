using Babelwire.Web.Services;
using static Babelwire.Web.Tests.Fakes.Mesh;

namespace Babelwire.Web.Tests;

public sealed class MapDiffTests
{
    [Fact]
    public void One_changed_link_is_one_updated_edge()
    {
        var before = MapElements.From(View(nodes: [Node(1), Node(2), Node(3)], links: [Link(1, 2), Link(2, 3)]));
        var after = MapElements.From(View(version: 2, nodes: [Node(1), Node(2), Node(3)], links: [Link(1, 2), Link(2, 3, up: false)]));

        var diff = before.DiffTo(after, 2);

        var edge = Assert.Single(diff.UpdateEdges);
        Assert.Equal(LinkQuality.EdgeId(Id(2), Id(3)), edge.Id);
        Assert.False(edge.Up);
        Assert.Equal(LinkQuality.Down, edge.Quality);
        Assert.Empty(diff.AddNodes);
        Assert.Empty(diff.UpdateNodes);
        Assert.Empty(diff.RemoveNodes);
        Assert.Empty(diff.AddEdges);
        Assert.Empty(diff.RemoveEdges);
    }

    [Fact]
    public void Nodes_going_offline_or_disabled_are_updates_and_removed_nodes_take_their_edges()
    {
        var before = MapElements.From(View(nodes: [Node(1), Node(2), Node(3)], links: [Link(1, 2), Link(2, 3)]));
        var after = MapElements.From(View(nodes: [Node(1, online: false), Node(2, disabled: true)], links: [Link(1, 2)]));

        var diff = before.DiffTo(after, 2);

        Assert.Equal([NodeStates.Offline, NodeStates.Disabled], diff.UpdateNodes.Select(n => n.State));
        Assert.Equal([Id(3).ToString()], diff.RemoveNodes);
        Assert.Equal([LinkQuality.EdgeId(Id(2), Id(3))], diff.RemoveEdges);
    }

    [Theory]
    [InlineData(96, 96, true, LinkQuality.Good)]
    [InlineData(96, 250, true, LinkQuality.Medium)]
    [InlineData(65535, 65535, true, LinkQuality.Down)]
    [InlineData(96, 96, false, LinkQuality.Down)]
    public void Link_quality_follows_the_worst_finite_cost(int costA, int costB, bool up, string quality) =>
        Assert.Equal(quality, LinkQuality.Of(Link(1, 2, costA, costB, up)));
}
