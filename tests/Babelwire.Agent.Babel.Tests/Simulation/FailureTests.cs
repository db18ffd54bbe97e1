using static Babelwire.Agent.Babel.Tests.Simulation.SimulationTestSupport;

namespace Babelwire.Agent.Babel.Tests.Simulation;

public sealed class FailureTests
{
    /// <summary>Below the 3-minute source GC, so recovery cannot come from forgetting feasibility distances.</summary>
    private static TimeSpan RecoveryBound(Simulator sim) => 4 * sim.Options.UpdateInterval;

    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv6, 21)]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.IPv4, 22)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.Both, 23)]
    public void A_failed_link_reroutes_and_a_healed_one_returns_to_the_shorter_path(LinkStyle style, PrefixFamilies families, int seed)
    {
        var sim = new Simulator(Topology.Ring(8), new SimulationOptions(seed, style) { Families = families });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var prefix = sim.Nodes[1].Prefixes[0];
        var before = sim.Nodes[0].Selected[prefix].Metric;

        var link = sim.LinkBetween(0, 1);
        link.Up = false;
        sim.RunUntilConverged(RecoveryBound(sim));
        var rerouted = sim.Nodes[0].Selected[prefix];
        Assert.True(rerouted.Metric > before && sim.NextHopRouter(sim.Nodes[0], rerouted) == 7,
            sim.Context($"after the failure r0 should go round the ring via r7, got {rerouted}"));

        link.Up = true;
        sim.RunUntilConverged(RecoveryBound(sim));
        var healed = sim.Nodes[0].Selected[prefix];
        Assert.True(healed.Metric == before && sim.NextHopRouter(sim.Nodes[0], healed) == 1,
            sim.Context($"after healing r0 should be back on the direct link, got {healed}"));
        Log(sim.Summary());
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, 28)]
    [InlineData(LinkStyle.WireGuard, 29)]
    public void A_link_the_host_removes_is_routed_around_without_waiting_for_a_timer(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Ring(8), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var prefix = sim.Nodes[1].Prefixes[0];
        var removedAt = sim.Now;

        sim.Detach(sim.LinkBetween(0, 1));

        var route = sim.Nodes[0].Selected.GetValueOrDefault(prefix);
        Assert.True(route is null || route.Metric == Simulator.Infinity || sim.NextHopRouter(sim.Nodes[0], route) != 1,
            sim.Context($"r0 still routes via the removed link: {route}"));
        Assert.Contains(sim.Nodes[0].Changes, c => c.At >= removedAt && c.Change.Prefix == prefix && c.Change.Kind is RouteChangeKind.Removed or RouteChangeKind.Changed);
        var took = sim.RunUntilConverged(sim.Options.HelloInterval);
        Log($"{sim.Summary()}; converged {took.TotalSeconds:F1}s after the host removed the link");
        AssertNoViolations(sim);
    }

    /// <summary>r1 stops hearing r0 while r0 still hears r1. Neither may route over the link: r0 learns it from the IHUs that stop confirming it.</summary>
    [Theory]
    [InlineData(LinkStyle.Multicast, 26)]
    [InlineData(LinkStyle.WireGuard, 27)]
    public void A_one_way_link_is_not_used_in_either_direction_and_is_used_again_once_repaired(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Ring(6), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        var link = sim.LinkBetween(0, 1);

        link.Muted.Add(0);
        // The IHU hold time (3.5 × the 3-Hello IHU interval) bounds how long r0 may still believe r1 hears it.
        var took = sim.RunUntilConverged(10.5 * sim.Options.HelloInterval + 2 * sim.Options.UpdateInterval);
        Log($"one-way failure routed around after {took.TotalSeconds:F1}s");
        var prefix = sim.Nodes[1].Prefixes[0];
        Assert.Equal(5, sim.NextHopRouter(sim.Nodes[0], sim.Nodes[0].Selected[prefix]));

        link.Muted.Clear();
        took = sim.RunUntilConverged(RecoveryBound(sim));
        Log($"{sim.Summary()}; repaired link used again after {took.TotalSeconds:F1}s");
        Assert.Equal(1, sim.NextHopRouter(sim.Nodes[0], sim.Nodes[0].Selected[prefix]));
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, 91)]
    [InlineData(LinkStyle.WireGuard, 92)]
    public void Fifty_routers_stay_loop_free_through_failures_under_light_loss(LinkStyle style, int seed)
    {
        var topology = style == LinkStyle.Multicast
            ? Topology.Random(50, 25, seed, MixedCosts, sharedSegments: 4)
            : Topology.Random(50, 25, seed);
        var sim = new Simulator(topology, new SimulationOptions(seed, style) { Families = PrefixFamilies.Both, Loss = 0.02, SnapshotEveryBatch = false });
        sim.RunUntilConverged((sim.HopDiameter() + 6) * sim.Options.UpdateInterval);
        var chaos = new Random(seed);

        for (var e = 0; e < 12; e++)
        {
            var link = sim.Links[chaos.Next(sim.Links.Count)];
            link.Up = !link.Up;
            if (e == 6)
                sim.Crash(chaos.Next(50));
            sim.RunFor(TimeSpan.FromSeconds(chaos.Next(2, 20)));
        }
        foreach (var link in sim.Links)
            link.Up = true;
        sim.RunUntilConverged(RecoveryBound(sim) + 2 * sim.Options.UpdateInterval);
        sim.CheckAll();
        Log(sim.Summary());
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, 24)]
    [InlineData(LinkStyle.WireGuard, 25)]
    public void A_partition_makes_the_other_half_unreachable_and_healing_it_restores_every_route(LinkStyle style, int seed)
    {
        var sim = new Simulator(Topology.Ring(8), new SimulationOptions(seed, style) { Families = PrefixFamilies.Both });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);

        sim.LinkBetween(0, 1).Up = false;
        sim.LinkBetween(4, 5).Up = false;
        Assert.Equal(long.MaxValue, sim.Distances(0)[3]);
        // Nothing can refresh a route across the cut, so every one must be gone by the route hold time (RFC 8966 §3.5.3).
        var took = sim.RunUntilConverged(3.5 * sim.Options.UpdateInterval + sim.Options.HelloInterval);
        Log($"partitioned view converged after {took.TotalSeconds:F1}s");

        sim.LinkBetween(0, 1).Up = true;
        sim.LinkBetween(4, 5).Up = true;
        took = sim.RunUntilConverged(RecoveryBound(sim));
        Log($"{sim.Summary()}; healed view converged after {took.TotalSeconds:F1}s");
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.Both, 31)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.Both, 32)]
    public void A_crashed_router_s_prefixes_are_retracted_everywhere_within_the_route_hold_time(LinkStyle style, PrefixFamilies families, int seed)
    {
        var sim = new Simulator(Topology.Grid(4, 4), new SimulationOptions(seed, style) { Families = families });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        const int victim = 5;
        var prefixes = sim.Nodes[victim].Prefixes;
        var survivors = sim.Nodes.Where(n => n.Index != victim).ToList();
        Assert.All(survivors, n => Assert.All(prefixes, p => Assert.True(n.Selected.ContainsKey(p), sim.Context($"{n} had no route to {p}"))));

        var crashedAt = sim.Now;
        sim.Crash(victim);
        // RFC 8966 §3.5.3: a route expires after 3.5 update intervals without a refresh.
        var holdTime = 3.5 * sim.Options.UpdateInterval;
        bool NoFiniteRoute() => survivors.All(n => prefixes.All(p => !n.Selected.TryGetValue(p, out var r) || r.Metric == Simulator.Infinity));
        Assert.True(sim.RunUntil(NoFiniteRoute, holdTime),
            sim.Context($"some router still has a finite route to r{victim}'s prefixes {holdTime.TotalSeconds}s after it crashed: "
                + string.Join("; ", survivors.SelectMany(n => prefixes.Where(p => n.Selected.TryGetValue(p, out var r) && r.Metric < Simulator.Infinity).Select(p => $"{n}: {n.Selected[p]}")))));
        Log($"unreachable everywhere {(sim.Now - crashedAt).TotalSeconds:F1}s after the crash");

        bool NoneSelected() => survivors.All(n => prefixes.All(p => !n.Selected.ContainsKey(p)));
        Assert.True(sim.RunUntil(NoneSelected, holdTime),
            sim.Context($"retracted routes to r{victim} are still selected {holdTime.TotalSeconds}s after they became unreachable"));
        foreach (var node in survivors)
        {
            foreach (var prefix in prefixes)
            {
                Assert.True(node.Changes.Any(c => c.At >= crashedAt && c.Change.Kind == RouteChangeKind.Removed && c.Change.Prefix == prefix),
                    sim.Context($"{node} emitted no Removed change for {prefix}"));
            }
        }
        sim.RunUntilConverged(RecoveryBound(sim));
        bool Flushed() => survivors.All(n => n.Routes.All(r => !prefixes.Contains(r.Prefix)));
        Assert.True(sim.RunUntil(Flushed, 2 * holdTime), sim.Context($"retracted route entries to r{victim} were never flushed from the route table"));
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, PrefixFamilies.Both, 33, false)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.Both, 34, false)]
    [InlineData(LinkStyle.WireGuard, PrefixFamilies.Both, 35, true)]
    public void A_router_that_shuts_down_or_is_removed_as_a_peer_is_unreachable_everywhere_within_seconds(
        LinkStyle style, PrefixFamilies families, int seed, bool removedAsPeer)
    {
        var sim = new Simulator(Topology.Grid(4, 4), new SimulationOptions(seed, style) { Families = families });
        sim.RunUntilConverged((sim.HopDiameter() + 3) * sim.Options.UpdateInterval);
        const int victim = 6;
        var prefixes = sim.Nodes[victim].Prefixes;
        var survivors = sim.Nodes.Where(n => n.Index != victim).ToList();

        var removedAt = sim.Now;
        if (removedAsPeer)
            sim.RemovePeer(victim);
        else
            sim.ShutDown(victim);
        // An urgent retraction (or a neighbour removed from outside) needs no timer to expire: well under one Hello interval.
        var bound = sim.Options.HelloInterval;
        bool NoFiniteRoute() => survivors.All(n => prefixes.All(p => !n.Selected.TryGetValue(p, out var r) || r.Metric == Simulator.Infinity));
        Assert.True(sim.RunUntil(NoFiniteRoute, bound), sim.Context($"r{victim}'s prefixes are still reachable somewhere {bound.TotalSeconds}s after it left"));
        Log($"{sim.Summary()}; unreachable everywhere {(sim.Now - removedAt).TotalSeconds:F1}s after r{victim} left");
        sim.RunUntilConverged(2 * sim.Options.UpdateInterval);
        AssertNoViolations(sim);
    }

    [Theory]
    [InlineData(LinkStyle.Multicast, 41)]
    [InlineData(LinkStyle.Multicast, 42)]
    [InlineData(LinkStyle.Multicast, 45)]
    [InlineData(LinkStyle.WireGuard, 43)]
    [InlineData(LinkStyle.WireGuard, 44)]
    [InlineData(LinkStyle.WireGuard, 46)]
    [InlineData(LinkStyle.Multicast, 47, 0.05)]
    [InlineData(LinkStyle.WireGuard, 48, 0.05)]
    [InlineData(LinkStyle.Multicast, 49, 0.0, (ushort)0xFFF8)]
    [InlineData(LinkStyle.WireGuard, 50, 0.0, (ushort)0xFFF8)]
    [InlineData(LinkStyle.Hybrid, 51)]
    [InlineData(LinkStyle.Hybrid, 52, 0.05)]
    public void No_routing_loop_appears_at_any_instant_while_links_fail_and_heal_and_routers_crash(
        LinkStyle style, int seed, double loss = 0, ushort initialSeqno = 0)
    {
        var topology = style == LinkStyle.WireGuard
            ? Topology.Random(20, 12, seed)
            : Topology.Random(20, 12, seed, MixedCosts, sharedSegments: 2);
        // Loop-freedom is checked by the simulator after every delivery batch, for every prefix whose selected route moved.
        var sim = new Simulator(topology, new SimulationOptions(seed, style) { Families = PrefixFamilies.Both, Loss = loss, InitialSeqno = initialSeqno });
        sim.RunUntilConverged((sim.HopDiameter() + 6) * sim.Options.UpdateInterval);
        var chaos = new Random(seed);
        var crashes = 0;

        for (var e = 0; e < 24; e++)
        {
            var roll = chaos.Next(10);
            if (roll < 2 && crashes < 3)
            {
                sim.Crash(sim.Nodes.Where(n => n.Alive).ElementAt(chaos.Next(sim.Nodes.Count(n => n.Alive))).Index);
                crashes++;
            }
            else if (roll < 6 || sim.Links.All(l => l.Up))
            {
                var up = sim.Links.Where(l => l.Up).ToList();
                up[chaos.Next(up.Count)].Up = false;
            }
            else
            {
                var down = sim.Links.Where(l => !l.Up).ToList();
                down[chaos.Next(down.Count)].Up = true;
            }
            sim.RunFor(TimeSpan.FromSeconds(chaos.Next(2, 30)));
        }
        foreach (var link in sim.Links)
            link.Up = true;
        sim.RunUntilConverged(RecoveryBound(sim) + 2 * sim.Options.UpdateInterval);
        sim.CheckAll();
        Log(sim.Summary());
        AssertNoViolations(sim);
    }
}
