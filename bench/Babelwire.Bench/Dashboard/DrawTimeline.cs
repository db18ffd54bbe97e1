namespace Babelwire.Bench.Dashboard;

/// <summary>Reading the map's draw log: which draw first showed a change, and whether nodes moved.</summary>
internal static class DrawTimeline
{
    /// <summary>The first draw at or after <paramref name="sentAtUnixMilliseconds"/> (Date.now() has whole
    /// milliseconds, so a draw in the same millisecond counts) that <paramref name="shows"/> the change; null if none.</summary>
    public static MapDraw? FirstShowing(IEnumerable<MapDraw> draws, double sentAtUnixMilliseconds, Func<MapDraw, bool> shows) =>
        draws.Where(d => d.AppliedAt >= Math.Floor(sentAtUnixMilliseconds)).OrderBy(d => d.AppliedAt).FirstOrDefault(shows);

    /// <summary>From the send to the draw, in milliseconds (never negative: both clocks are this machine's, but
    /// Date.now() is truncated to whole milliseconds).</summary>
    public static double Delay(MapDraw draw, double sentAtUnixMilliseconds) => Math.Max(0, draw.AppliedAt - sentAtUnixMilliseconds);

    /// <summary>Whether the path view highlights this edge.</summary>
    public static bool PathHas(MapDraw draw, string edgeId) => draw.Path is { } path && path.Contains(edgeId, StringComparer.OrdinalIgnoreCase);

    /// <summary>The edge id the map gives the link between two nodes, from the edges it describes (either order).</summary>
    public static string? EdgeId(IEnumerable<(string Id, string Source, string Target)> edges, Guid x, Guid y)
    {
        foreach (var (id, source, target) in edges)
        {
            if (Guid.TryParse(source, out var s) && Guid.TryParse(target, out var t) && ((s == x && t == y) || (s == y && t == x)))
            {
                return id;
            }
        }
        return null;
    }

    /// <summary>The largest distance any node moved between two readings, over the nodes in both; and how many those were.</summary>
    public static (double Max, int Compared) Displacement(IEnumerable<NodePosition> before, IEnumerable<NodePosition> after)
    {
        var earlier = before.ToDictionary(p => p.Id, StringComparer.Ordinal);
        double max = 0;
        var compared = 0;
        foreach (var p in after)
        {
            if (earlier.TryGetValue(p.Id, out var q))
            {
                compared++;
                max = Math.Max(max, Math.Sqrt(((p.X - q.X) * (p.X - q.X)) + ((p.Y - q.Y) * (p.Y - q.Y))));
            }
        }
        return (max, compared);
    }

    /// <summary>An edge's draw shows the cost an edge-change sample set: a cost above the map's "good" bound turns it
    /// "medium", one within it "good" (the other end reports 96-128); with a label, the cost is one of its two sides.</summary>
    public static bool ShowsCost(MapDraw draw, int cost, string expectedQuality) =>
        draw.Edge is { } edge && edge.Up && edge.Quality == expectedQuality
        && (edge.Label is null || edge.Label.Split('/', StringSplitOptions.TrimEntries).Contains(cost.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
