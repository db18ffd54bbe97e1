using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Dashboard;

/// <summary>
/// Report → drawn for one edge, between an agent and its first neighbour (the next node on the ring): sample k pins
/// the agent's cost for that neighbour to <see cref="EdgeChange.For"/>(k) (kept out of the regular jitter, so each
/// sample's draw differs from the last), sends its delta at once (the wall-clock time just before the hub send is the
/// start), and the first draw at or after it whose watched edge shows that cost ends it.
/// </summary>
internal sealed class EdgeProbe
{
    public static readonly TimeSpan DrawTimeout = TimeSpan.FromSeconds(10);

    private readonly DashboardPage _page;
    private readonly SimulatedAgent _agent;

    private EdgeProbe(DashboardPage page, SimulatedAgent agent, string edgeId)
    {
        _page = page;
        _agent = agent;
        EdgeId = edgeId;
    }

    public string EdgeId { get; }

    public static async Task<EdgeProbe> SetUpAsync(DashboardPage page, SimulatedAgent agent)
    {
        var edges = await page.EdgesAsync();
        var edge = DrawTimeline.EdgeId(edges, agent.Node.NodeId, agent.Model.FirstNeighbour.NodeId)
            ?? throw new InvalidOperationException($"the edge from node {agent.Node.Index} to the next node is not on the map");
        await page.WatchEdgeAsync(edge);
        return new EdgeProbe(page, agent, edge);
    }

    /// <summary>Sample <paramref name="k"/>: the delay from the send to the draw, and the draw (null when not drawn within
    /// <see cref="DrawTimeout"/>).</summary>
    public async Task<(double Delay, MapDraw Draw)?> SampleAsync(int k, CancellationToken cancellationToken)
    {
        var change = EdgeChange.For(k);
        if (await _agent.SendDeltaAsync(null, m => m.PinCost(0, change.Cost), cancellationToken) is not { } sent)
        {
            return null;
        }
        var sentAt = (sent - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        var draw = await _page.WaitForDrawAsync(sentAt, d => DrawTimeline.ShowsCost(d, change.Cost, change.Quality), DrawTimeout, cancellationToken);
        return draw is null ? null : (DrawTimeline.Delay(draw, sentAt), draw);
    }
}
