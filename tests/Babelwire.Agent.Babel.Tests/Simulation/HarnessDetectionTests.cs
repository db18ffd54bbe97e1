namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class HarnessDetectionTests
{
    [Fact]
    public void The_loop_check_fails_when_two_routers_select_each_other()
    {
        var sim = new Simulator(Topology.Line(3), new SimulationOptions(1, LinkStyle.WireGuard));
        sim.RunUntilConverged(TimeSpan.FromMinutes(2));
        var prefix = sim.Nodes[2].Prefixes[0];
        sim.CheckLoopFree(prefix);
        var towardsTwo = sim.Nodes[1].Selected[prefix];
        var towardsOne = sim.Nodes[0].Selected[prefix];
        Assert.Equal(1, sim.NextHopRouter(sim.Nodes[0], towardsOne));

        // r1 now points back at r0, which points at r1.
        sim.Nodes[1].Selected[prefix] = towardsTwo with { NextHop = System.Net.IPAddress.Parse("fe80::1") };

        var failure = Assert.ThrowsAny<Exception>(() => sim.CheckLoopFree(prefix));
        Assert.Contains("routing loop", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_replays_exactly_from_its_seed()
    {
        static string Fingerprint(int seed)
        {
            var sim = new Simulator(Topology.Random(12, 6, 77), new SimulationOptions(seed, LinkStyle.WireGuard) { Loss = 0.05, Families = PrefixFamilies.Both });
            sim.RunFor(TimeSpan.FromSeconds(30));
            sim.Links[0].Up = false;
            sim.RunFor(TimeSpan.FromSeconds(30));
            var changes = sim.Nodes.SelectMany(n => n.Changes.Select(c => $"{n.Index}@{c.At.Ticks}:{c.Change}"));
            return $"{sim.Steps}/{sim.DatagramsSent}/{sim.DatagramsDelivered}/{string.Join('|', changes)}";
        }

        var first = Fingerprint(77);

        Assert.Equal(first, Fingerprint(77));
        Assert.NotEqual(first, Fingerprint(78));
    }

    [Fact]
    public void The_convergence_check_reports_a_metric_that_is_not_the_shortest_path()
    {
        var sim = new Simulator(Topology.Ring(4), new SimulationOptions(2, LinkStyle.Multicast));
        sim.RunUntilConverged(TimeSpan.FromMinutes(2));
        Assert.Empty(sim.ConvergenceMismatches(1));
        var prefix = sim.Nodes[2].Prefixes[0];

        sim.Nodes[0].Selected[prefix] = sim.Nodes[0].Selected[prefix] with { Metric = 3 * Topology.DefaultCost };

        var mismatch = Assert.Single(sim.ConvergenceMismatches(5));
        Assert.Contains("expected 192", mismatch, StringComparison.Ordinal);
    }
}
