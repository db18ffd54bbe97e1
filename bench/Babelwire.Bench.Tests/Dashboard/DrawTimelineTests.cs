using Babelwire.Bench.Dashboard;

namespace Babelwire.Bench.Tests.Dashboard;

public sealed class DrawTimelineTests
{
    private static MapDraw Draw(double at, params string[] path) => new(at, 1, 3, 2, path, null, at - 2);

    [Fact]
    public void The_first_draw_showing_the_change_at_or_after_the_send_is_taken()
    {
        MapDraw[] draws = [Draw(990, "x|b"), Draw(1_000.0, "x|a"), Draw(1_100, "x|b"), Draw(1_250, "x|b")];

        var shown = DrawTimeline.FirstShowing(draws, 1_050.4, d => DrawTimeline.PathHas(d, "x|b"));

        Assert.Equal(1_100, shown!.AppliedAt);
        Assert.Equal(49.6, DrawTimeline.Delay(shown, 1_050.4), 6);
    }

    [Fact]
    public void A_draw_in_the_same_millisecond_as_the_send_counts_and_an_earlier_one_does_not()
    {
        MapDraw[] draws = [Draw(1_049, "x|b"), Draw(1_050, "x|b")];

        var shown = DrawTimeline.FirstShowing(draws, 1_050.7, d => DrawTimeline.PathHas(d, "x|b"));

        Assert.Equal(1_050, shown!.AppliedAt);
        Assert.Equal(0, DrawTimeline.Delay(shown, 1_050.7));
    }

    [Fact]
    public void No_draw_showing_the_change_gives_null()
    {
        Assert.Null(DrawTimeline.FirstShowing([Draw(2_000, "x|a")], 1_000, d => DrawTimeline.PathHas(d, "x|b")));
    }

    [Fact]
    public void A_draw_without_a_copied_path_has_no_edge_on_it()
    {
        Assert.False(DrawTimeline.PathHas(new MapDraw(1, 1, 1, 1, null, null, null), "x|a"));
    }

    [Fact]
    public void The_edge_id_is_found_whichever_end_the_map_names_first()
    {
        Guid x = Guid.NewGuid(), y = Guid.NewGuid(), z = Guid.NewGuid();
        (string, string, string)[] edges = [($"{x}|{z}", x.ToString(), z.ToString()), ($"{y}|{x}", y.ToString(), x.ToString())];

        Assert.Equal($"{y}|{x}", DrawTimeline.EdgeId(edges, x, y));
        Assert.Null(DrawTimeline.EdgeId(edges, y, z));
    }

    [Fact]
    public void Displacement_is_the_largest_move_over_nodes_in_both_readings()
    {
        NodePosition[] before = [new("a", 0, 0), new("b", 10, 10), new("gone", 5, 5)];
        NodePosition[] after = [new("a", 3, 4), new("b", 10, 10), new("new", 100, 100)];

        var (max, compared) = DrawTimeline.Displacement(before, after);

        Assert.Equal(5, max, 9);
        Assert.Equal(2, compared);
    }

    [Fact]
    public void An_edge_shows_a_cost_when_its_quality_and_one_side_of_its_label_match()
    {
        var medium = new MapDraw(1, 1, 2, 1, null, new MapDrawEdge(true, "medium", "1003 / 101"), null);
        var unlabelled = new MapDraw(1, 1, 2, 1, null, new MapDrawEdge(true, "medium", null), null);
        var down = new MapDraw(1, 1, 2, 1, null, new MapDrawEdge(false, "down", "1003 / —"), null);

        Assert.True(DrawTimeline.ShowsCost(medium, 1003, "medium"));
        Assert.False(DrawTimeline.ShowsCost(medium, 1005, "medium"));
        Assert.False(DrawTimeline.ShowsCost(medium, 1003, "good"));
        Assert.True(DrawTimeline.ShowsCost(unlabelled, 1005, "medium"));
        Assert.False(DrawTimeline.ShowsCost(down, 1003, "medium"));
    }
}
