using System.Net;
using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class AnnouncementTests
{
    private static readonly IPNetwork AnycastV6 = IPNetwork.Parse("2001:db8:ffff::/48");
    private static readonly IPNetwork AnycastV4 = IPNetwork.Parse("198.19.255.0/24");

    [Theory]
    [InlineData(LinkStyle.Multicast, 71)]
    [InlineData(LinkStyle.WireGuard, 72)]
    public void Announced_metrics_add_to_the_path_cost(LinkStyle style, int seed)
    {
        var topology = style == LinkStyle.Multicast ? Topology.Random(25, 12, seed, MixedCosts) : Topology.Random(25, 12, seed);
        var sim = new Simulator(topology, new SimulationOptions(seed, style) { Families = PrefixFamilies.Both, AnnounceMetrics = true });

        var took = sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);

        Log($"{sim.Summary()}; converged after {took.TotalSeconds:F1}s");
        Assert.Contains(sim.Nodes, n => n.Announced.Values.Any(m => m > 0));
        AssertNoViolations(sim);
    }

    /// <summary>Two exits announce the same prefixes (a mesh's way out): each router uses the nearer, and fails over when it dies.</summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 73)]
    [InlineData(LinkStyle.WireGuard, 74)]
    public void An_anycast_prefix_goes_to_the_nearest_announcer_and_fails_over_to_the_other_without_loops(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Random(20, 10, seed), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        const int exitA = 2;
        const int exitB = 13;
        foreach (var exit in new[] { exitA, exitB })
        {
            sim.Announce(exit, AnycastV6);
            sim.Announce(exit, AnycastV4, metric: 64);
        }
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var viaA = sim.Nodes.Count(n => n.Selected.TryGetValue(AnycastV6, out var r) && r.Source == Simulator.RouterIdOf(exitA));
        Assert.True(viaA > 0 && viaA < sim.Nodes.Count - 2, sim.Context($"{viaA} routers use exit A: the topology does not split between the exits"));

        sim.Crash(exitA);
        var took = sim.RunUntilConverged(3.5 * sim.Options.UpdateInterval + sim.Options.HelloInterval);

        Log($"{sim.Summary()}; {viaA} routers failed over {took.TotalSeconds:F1}s after exit A crashed");
        Assert.All(sim.Nodes.Where(n => n.Alive && n.Index != exitB),
            n => Assert.Equal(Simulator.RouterIdOf(exitB), n.Selected[AnycastV6].Source));
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv6, 75)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.IPv4, 76)]
    public void A_withdrawn_prefix_is_retracted_at_once_and_comes_back_when_announced_again(LinkStyle style, PrefixFamilies families, int seed)
    {
        var sim = new Simulator(Topology.Grid(4, 4), new SimulationOptions(seed, style) { Families = families });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        const int origin = 5;
        var prefix = sim.Nodes[origin].Prefixes[0];

        sim.Withdraw(origin, prefix);
        // An urgent retraction needs no timer: well within one Hello interval.
        var took = sim.RunUntilConverged(sim.Options.HelloInterval);
        Log($"withdrawn everywhere after {took.TotalSeconds:F1}s");
        Assert.All(sim.Nodes.Where(n => n.Index != origin), n => Assert.False(n.Selected.TryGetValue(prefix, out var r) && r.Metric < Simulator.Infinity));

        sim.Announce(origin, prefix);
        took = sim.RunUntilConverged(2 * sim.Options.UpdateInterval);
        Log($"{sim.Summary()}; announced again, everywhere after {took.TotalSeconds:F1}s");
        AssertNoViolations(sim);
    }

    /// <summary>
    /// RFC 8966 §3.2.2: a restarted router must not reuse old seqnos blindly; the host persists the last one. Coming
    /// back with the very seqno its neighbours already hold, its fresh (metric 0) announcements are no better than
    /// their feasibility distances, so only a seqno bump, on request, makes them acceptable before source GC.
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 5, 77)]
    [InlineData(LinkStyle.Multicast, 90, 78)]
    [InlineData(LinkStyle.WireGuard, 5, 79)]
    [InlineData(LinkStyle.WireGuard, 90, 80)]
    public void A_router_restarted_with_its_persisted_seqno_is_reachable_again_well_before_source_gc(LinkStyle style, int downSeconds, int seed)
    {
        var sim = new Simulator(Topology.Ring(7), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        const int victim = 3;
        var persisted = sim.Nodes[victim].Router.Snapshot().Seqno;

        sim.Crash(victim);
        sim.RunFor(TimeSpan.FromSeconds(downSeconds));
        sim.Restart(victim, persisted);
        var took = sim.RunUntilConverged(4 * sim.Options.UpdateInterval);

        Log($"{sim.Summary()}; down {downSeconds}s, all routes back {took.TotalSeconds:F1}s after the restart");
        AssertNoViolations(sim);
    }
}
