using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class StarvationTests
{
    /// <summary>
    /// Ring of 5, prefix of r0; link r0–r1 fails. Whoever loses its route can only reach r0 the long way round, at a
    /// metric no better than its feasibility distance: unfeasible (RFC 8966 §3.5.1). With multicast links that is r1
    /// (r2 advertises 192 ≥ 96); with split horizon on the WireGuard-style interface r2 never advertises the route
    /// back to r1, and r2 starves instead (r3 advertises 192, equal to r2's FD). Only a newer seqno from r0 ends it
    /// before the source is garbage-collected, so the starving router must ask for one (§3.8.2.1).
    /// </summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv6, 51)]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv4, 52)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.IPv6, 53)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.IPv4, 54)]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv6, 55, (ushort)0xFFFF)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.IPv4, 56, (ushort)0xFFFF)]
    [InlineData(LinkStyle.Hybrid, PrefixFamilies.Both, 57)]
    public void A_starving_router_sends_a_seqno_request_and_gets_the_route_back_with_a_newer_seqno(
        LinkStyle style, PrefixFamilies families, int seed, ushort initialSeqno = 0)
    {
        var sim = new Simulator(Topology.Ring(5), new SimulationOptions(seed, style) { Families = families, InitialSeqno = initialSeqno });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var prefix = sim.Nodes[0].Prefixes[0];
        var source = sim.Nodes[0].Router.RouterId;
        var old = sim.Nodes[1].Selected[prefix].Seqno;
        Assert.All(sim.Nodes.Skip(1), n => Assert.Equal(old, n.Selected[prefix].Seqno));

        var failedAt = sim.Now;
        sim.LinkBetween(0, 1).Up = false;
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
        bool Recovered() => starving.Count > 0 && starving.All(r =>
            sim.Nodes[r].Selected.TryGetValue(prefix, out var s) && s.Metric < Simulator.Infinity && s.Seqno.IsGreaterThan(old));
        // Far below the 3-minute source GC, after which any route would be feasible again.
        var bound = TimeSpan.FromSeconds(60);
        Assert.True(sim.RunUntil(Recovered, bound),
            sim.Context($"starving routers [{string.Join(",", starving)}] did not all get a route with a seqno newer than {old} within {bound.TotalSeconds}s: "
                + string.Join("; ", sim.Nodes.SelectMany(n => n.Routes.Where(r => r.Prefix == prefix).Select(r => $"r{n.Index}: {r}")))));
        Log($"{sim.Summary()}; starving [{string.Join(",", starving)}] recovered {(sim.Now - failedAt).TotalSeconds:F1}s after the failure");

        var requests = sim.SeqnoRequests.Where(q => q.At >= failedAt && q.RouterId == source).ToList();
        foreach (var r in starving)
        {
            Assert.True(requests.Any(q => q.From == r && !q.Seqno.IsLessThan(old.Plus(1)) && q.HopCount > 0),
                sim.Context($"r{r} starved but sent no Seqno Request for {source} with seqno ≥ {old.Plus(1)}; seen: {string.Join("; ", requests)}"));
        }
        sim.RunUntilConverged(2 * sim.Options.UpdateInterval);
        AssertNoViolations(sim);
    }
}
