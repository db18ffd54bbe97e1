using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class LongRunTests
{
    /// <summary>
    /// Ten quiet minutes, well past the 3-minute source GC: sources still in use must survive it (RFC 8966 §3.2.5),
    /// or a later failure would find the long way round feasible at once, with no starvation and no seqno request.
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 101)]
    [InlineData(LinkStyle.WireGuard, 102)]
    public void Ten_quiet_minutes_change_nothing_and_keep_the_feasibility_distances(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Ring(5), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var seqnos = sim.Nodes.Select(n => n.Router.Snapshot().Seqno).ToList();
        var changes = sim.Nodes.Sum(n => n.Changes.Count);
        var requests = sim.SeqnoRequests.Count;

        sim.RunFor(TimeSpan.FromMinutes(10));

        Assert.Equal(changes, sim.Nodes.Sum(n => n.Changes.Count));
        Assert.Equal(requests, sim.SeqnoRequests.Count);
        Assert.Equal(seqnos, sim.Nodes.Select(n => n.Router.Snapshot().Seqno).ToList());
        Assert.Empty(sim.ConvergenceMismatches(5));

        var prefix = sim.Nodes[0].Prefixes[0];
        var failedAt = sim.Now;
        var starving = new HashSet<int>();
        sim.AfterBatch = () =>
        {
            foreach (var node in sim.Nodes.Skip(1))
            {
                var finite = node.Routes.Where(r => r.Prefix == prefix && r.Metric < Simulator.Infinity).ToList();
                if (finite.Count > 0 && finite.All(r => !r.Feasible))
                    starving.Add(node.Index);
            }
        };
        sim.LinkBetween(0, 1).Up = false;
        sim.RunUntilConverged(TimeSpan.FromSeconds(60));
        Assert.True(starving.Count > 0, sim.Context("after 10 minutes no router starved: feasibility distances were forgotten while in use"));
        Assert.Contains(sim.SeqnoRequests, q => q.At >= failedAt && starving.Contains(q.From) && q.RouterId == sim.Nodes[0].Router.RouterId);
        Log($"{sim.Summary()}; starving after 10 quiet minutes: [{string.Join(",", starving)}]");
        AssertNoViolations(sim);
    }

    /// <summary>
    /// Every router sleeps for ten minutes at once; when they wake, all their timers are long overdue. Each must fire
    /// once, not once per missed period, and the mesh must be right again within a few update intervals.
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 103)]
    [InlineData(LinkStyle.WireGuard, 104)]
    public void After_the_whole_mesh_sleeps_for_ten_minutes_it_converges_again_without_a_storm(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Grid(4, 4), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var stepsBefore = sim.Steps;
        var sentBefore = sim.DatagramsSent;

        sim.Suspend(TimeSpan.FromMinutes(10));
        sim.RunFor(TimeSpan.FromSeconds(1)); // every overdue timer fires now: routes and neighbours have expired
        var lost = sim.ConvergenceMismatches(int.MaxValue).Count;
        var firstSecond = sim.DatagramsSent - sentBefore;
        var took = sim.RunUntilConverged(4 * sim.Options.UpdateInterval);
        sim.RunFor(2 * sim.Options.UpdateInterval);

        Log($"{sim.Summary()}; {lost} routes wrong 1 s after waking, {firstSecond} datagrams in that second, converged {took.TotalSeconds + 1:F1}s after waking, {sim.Steps - stepsBefore} steps");
        var adjacencies = sim.Links.Sum(l => l.Members.Count * (l.Members.Count - 1));
        // Catching up every missed timer one by one would be ~150 Hellos per neighbour; a fresh round is a handful.
        Assert.True(firstSecond <= 20 * adjacencies, sim.Context($"{firstSecond} datagrams in the first second after waking, for {adjacencies} neighbour pairs"));
        Assert.Empty(sim.ConvergenceMismatches(5));
        AssertNoViolations(sim);
    }
}
