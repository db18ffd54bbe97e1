using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class StarvationTests
{
    /// <summary>
    /// Ring of 5, prefix of r0. r1 reaches it directly (metric 96, its FD); when link r0–r1 fails its only other
    /// route is via r2, which advertises 192 ≥ 96: unfeasible (RFC 8966 §3.5.1). Only a newer seqno from r0 can
    /// make it feasible before the source is garbage-collected, so r1 must send a Seqno Request (§3.8.2.1).
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv6, 51)]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv4, 52)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.IPv6, 53)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.IPv4, 54)]
    public void A_starving_router_sends_a_seqno_request_and_gets_the_route_back_with_a_newer_seqno(LinkStyle style, PrefixFamilies families, int seed)
    {
        var sim = new Simulator(Topology.Ring(5), new SimulationOptions(seed, style) { Families = families });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var r1 = sim.Nodes[1];
        var prefix = sim.Nodes[0].Prefixes[0];
        var source = sim.Nodes[0].Router.RouterId;
        var old = r1.Selected[prefix];
        Assert.Equal(sim.Distances(0)[1], old.Metric);

        var failedAt = sim.Now;
        sim.LinkBetween(0, 1).Up = false;
        var starved = false;
        bool Recovered()
        {
            var routes = r1.Routes.Where(r => r.Prefix == prefix && r.Metric < Simulator.Infinity).ToList();
            starved |= routes.Count > 0 && routes.All(r => !r.Feasible);
            return r1.Selected.TryGetValue(prefix, out var s) && s.Metric < Simulator.Infinity && s.Seqno.IsGreaterThan(old.Seqno);
        }
        // Far below the 3-minute source GC, after which any route would be feasible again.
        var bound = TimeSpan.FromSeconds(60);
        Assert.True(sim.RunUntil(Recovered, bound),
            sim.Context($"r1 did not get a route with a seqno newer than {old.Seqno} within {bound.TotalSeconds}s; routes: {string.Join("; ", r1.Routes.Where(r => r.Prefix == prefix))}"));
        Log($"{sim.Summary()}; recovered {(sim.Now - failedAt).TotalSeconds:F1}s after the failure");

        Assert.True(starved, sim.Context("r1 was never left with only unfeasible routes: the scenario did not test starvation"));
        var requests = sim.SeqnoRequests.Where(q => q.At >= failedAt && q.RouterId == source).ToList();
        Assert.True(requests.Any(q => q.From == 1 && !q.Seqno.IsLessThan(old.Seqno.Plus(1)) && q.HopCount > 0),
            sim.Context($"r1 sent no Seqno Request for {source} with seqno ≥ {old.Seqno.Plus(1)}; seen: {string.Join("; ", requests)}"));
        var now = r1.Selected[prefix];
        Assert.Equal(sim.Distances(0)[1], now.Metric);
        Assert.Equal(2, sim.NextHopRouter(r1, now));
        AssertNoViolations(sim);
    }
}
