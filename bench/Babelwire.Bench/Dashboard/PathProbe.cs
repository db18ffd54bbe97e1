using Babelwire.Bench.Controller;
using Microsoft.Playwright;

namespace Babelwire.Bench.Dashboard;

/// <summary>
/// Report → drawn through the map's path view. On the ring (at least 4 neighbours either side) X = node 0 and
/// Y = node 5 are not neighbours; X reports a route to Y's overlay /128 and /32 through A = node 1 or B = node 2 (both
/// neighbours of X and of Y), Y one back to X through C = node 3. The page's path picker is set to X → Y, so the
/// highlighted path holds edge X–A or X–B. A sample flips X's route to the other next hop, sends X's delta at once
/// (the wall-clock time just before the hub send is the start) and waits for the first draw whose path has the new
/// edge and not the old one (its appliedAt is the end).
/// </summary>
internal sealed class PathProbe
{
    private readonly DashboardPage _page;
    private readonly SimulatedAgent _x;
    private readonly BenchNode _y;
    private readonly BenchNode _a;
    private readonly BenchNode _b;
    private readonly string _edgeA;
    private readonly string _edgeB;

    private PathProbe(DashboardPage page, SimulatedAgent x, BenchNode y, BenchNode a, BenchNode b, string edgeA, string edgeB)
    {
        _page = page;
        _x = x;
        _y = y;
        _a = a;
        _b = b;
        _edgeA = edgeA;
        _edgeB = edgeB;
    }

    public static readonly TimeSpan DrawTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Selects the routes, the path X → Y on <paramref name="page"/> (a map page showing every node), and
    /// waits until it is drawn through A. Throws with the reason when the page has no path picker or never shows it.</summary>
    public static async Task<PathProbe> SetUpAsync(IReadOnlyList<SimulatedAgent> agents, DashboardPage page, CancellationToken cancellationToken)
    {
        var (x, a, b, c, y) = (agents[0], agents[1], agents[2], agents[3], agents[5]);
        var sentAt = (await x.SendDeltaAsync(null, m => m.SetRoute(y.Node, a.Node, 200), cancellationToken)
            ?? throw new InvalidOperationException("X's delta failed")).ToUnixTimeMilliseconds();
        _ = await y.SendDeltaAsync(null, m => m.SetRoute(x.Node, c.Node, 200), cancellationToken) ?? throw new InvalidOperationException("Y's delta failed");

        var from = page.Page.GetByTestId("path-from");
        try
        {
            await from.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("the map page has no path picker (data-testid path-from / path-to)");
        }
        await from.SelectOptionAsync(x.Node.NodeId.ToString());
        await page.Page.GetByTestId("path-to").SelectOptionAsync(y.Node.NodeId.ToString());

        var edges = await page.EdgesAsync();
        var edgeA = DrawTimeline.EdgeId(edges, x.Node.NodeId, a.Node.NodeId) ?? throw new InvalidOperationException("edge X–A is not on the map");
        var edgeB = DrawTimeline.EdgeId(edges, x.Node.NodeId, b.Node.NodeId) ?? throw new InvalidOperationException("edge X–B is not on the map");
        _ = await page.WaitForDrawAsync(sentAt, d => DrawTimeline.PathHas(d, edgeA) && !DrawTimeline.PathHas(d, edgeB), TimeSpan.FromSeconds(30), cancellationToken)
            ?? throw new InvalidOperationException("the path X → Y through A was not drawn within 30 s");
        return new PathProbe(page, x, y.Node, a.Node, b.Node, edgeA, edgeB);
    }

    /// <summary>One flip (sample <paramref name="k"/>: even through B, odd back through A): the delay from the send to
    /// the draw, and the draw (null when not drawn within <see cref="DrawTimeout"/>).</summary>
    public async Task<(double Delay, MapDraw Draw)?> SampleAsync(int k, CancellationToken cancellationToken)
    {
        var (via, edge, other) = k % 2 == 0 ? (_b, _edgeB, _edgeA) : (_a, _edgeA, _edgeB);
        if (await _x.SendDeltaAsync(null, m => m.SetRoute(_y, via, 200 + (k % 50)), cancellationToken) is not { } sent)
        {
            return null;
        }
        var sentAt = (sent - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        var draw = await _page.WaitForDrawAsync(sentAt, d => DrawTimeline.PathHas(d, edge) && !DrawTimeline.PathHas(d, other), DrawTimeout, cancellationToken);
        return draw is null ? null : (DrawTimeline.Delay(draw, sentAt), draw);
    }
}
