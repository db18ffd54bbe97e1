using Babelwire.Agent.Babel.Neighbours;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Babel.Tests.Engine;

/// <summary>Two engines joined by a lossless in-memory link, through the real codec.</summary>
public sealed class TwoRouterTests
{
    private static readonly IPAddress LinkA = IPAddress.Parse("fe80::a");
    private static readonly IPAddress LinkB = IPAddress.Parse("fe80::b");

    private sealed class Pair
    {
        public Pair(int seed, InterfaceKind kind)
        {
            Seed = seed;
            A = new BabelRouter(new BabelRouterOptions(new RouterId(0xA)), Time, new Random(seed));
            B = new BabelRouter(new BabelRouterOptions(new RouterId(0xB)), Time, new Random(seed + 1));
            A.AddInterface(new BabelInterface("wg0", kind, LinkA));
            B.AddInterface(new BabelInterface("wg0", kind, LinkB));
            if (kind == InterfaceKind.UnicastOnly)
            {
                A.AddNeighbour("wg0", LinkB);
                B.AddNeighbour("wg0", LinkA);
            }
        }

        public int Seed { get; }
        public FakeTimeProvider Time { get; } = new();
        public BabelRouter A { get; }
        public BabelRouter B { get; }
        public List<SelectedRouteChange> ChangesA { get; } = [];
        public List<SelectedRouteChange> ChangesB { get; } = [];
        public int Datagrams { get; private set; }
        public int MaxPayload { get; private set; }

        public void Run(TimeSpan span)
        {
            var end = Time.GetUtcNow() + span;
            var outA = new List<OutgoingDatagram>();
            var outB = new List<OutgoingDatagram>();
            for (var i = 0; i < 1_000_000 && Time.GetUtcNow() < end; i++)
            {
                A.Poll();
                B.Poll();
                A.DrainOutgoing(outA);
                B.DrainOutgoing(outB);
                foreach (var d in outA)
                    Deliver(B, LinkA, d);
                foreach (var d in outB)
                    Deliver(A, LinkB, d);
                var busy = outA.Count + outB.Count > 0;
                outA.Clear();
                outB.Clear();
                if (busy)
                    continue;
                var step = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, Math.Min(A.UntilNextDue().Ticks, B.UntilNextDue().Ticks)));
                var left = end - Time.GetUtcNow();
                Time.Advance(step < left ? step : left);
            }
            A.DrainRouteChanges(ChangesA);
            B.DrainRouteChanges(ChangesB);
        }

        private void Deliver(BabelRouter to, IPAddress from, OutgoingDatagram d)
        {
            Datagrams++;
            MaxPayload = Math.Max(MaxPayload, d.Payload.Length);
            to.Receive(d.Interface, from, d.Payload);
        }
    }

    [Theory]
    [InlineData(InterfaceKind.UnicastOnly)]
    [InlineData(InterfaceKind.Multicast)]
    public void Each_router_learns_the_others_prefixes_at_the_link_cost(InterfaceKind kind)
    {
        var seed = EngineHarness.TestSeed();
        var p = new Pair(seed, kind);
        p.A.Announce(IPNetwork.Parse("2001:db8:a::/48"));
        p.A.Announce(IPNetwork.Parse("198.18.0.1/32"), 10);
        p.B.Announce(IPNetwork.Parse("2001:db8:b::/48"));
        p.Run(TimeSpan.FromSeconds(30));
        var b = p.B.Snapshot();
        var v6 = b.Routes.Single(r => r.Selected && r.Prefix == IPNetwork.Parse("2001:db8:a::/48"));
        // Unicast-only interfaces use symmetric costs: the nominal cost plus the link's perturbation.
        var cost = 96 + (kind == InterfaceKind.UnicastOnly ? LinkCost.PairPerturbation(LinkA, LinkB, new BabelRouterOptions(new RouterId(0xA)).MaxLinkPerturbation) : 0);
        Assert.True(v6.Metric == cost, $"metric {v6.Metric}, expected {cost} (seed {seed})");
        Assert.Equal(LinkA, v6.NextHop);
        var v4 = b.Routes.Single(r => r.Selected && r.Prefix == IPNetwork.Parse("198.18.0.1/32"));
        Assert.Equal(cost + 10, v4.Metric);
        Assert.Contains(p.ChangesA, c => c.Kind == RouteChangeKind.Added && c.Prefix == IPNetwork.Parse("2001:db8:b::/48"));
        Assert.Equal(0, p.A.Counters.PacketsRejected + p.B.Counters.PacketsRejected);
        Assert.InRange(p.MaxPayload, 1, 1420 - 48);
    }

    [Fact]
    public void A_withdrawn_prefix_disappears_from_the_neighbour_within_a_second()
    {
        var seed = EngineHarness.TestSeed();
        var p = new Pair(seed, InterfaceKind.UnicastOnly);
        p.A.Announce(IPNetwork.Parse("2001:db8:a::/48"));
        p.Run(TimeSpan.FromSeconds(20));
        Assert.Contains(p.B.Snapshot().Routes, r => r.Selected);
        p.A.Withdraw(IPNetwork.Parse("2001:db8:a::/48"));
        p.Run(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(p.B.Snapshot().Routes, r => r.Selected);
        Assert.Equal(RouteChangeKind.Removed, p.ChangesB.Last().Kind);
    }

    [Theory]
    [InlineData(InterfaceKind.UnicastOnly)]
    [InlineData(InterfaceKind.Multicast)]
    public void The_topology_version_moves_on_route_and_neighbour_changes_and_stays_put_in_a_steady_state(InterfaceKind kind)
    {
        var seed = EngineHarness.TestSeed();
        var p = new Pair(seed, kind);
        p.A.Announce(IPNetwork.Parse("2001:db8:a::/48"));
        p.Run(TimeSpan.FromSeconds(30));
        var converged = p.B.TopologyVersion;
        Assert.True(converged > 0, $"seed {seed}");

        // Hellos, IHUs and periodic updates that change nothing leave it where it is.
        p.Run(TimeSpan.FromSeconds(30));
        Assert.True(p.B.TopologyVersion == converged, $"moved from {converged} to {p.B.TopologyVersion} in a steady state (seed {seed})");

        p.A.Withdraw(IPNetwork.Parse("2001:db8:a::/48"));
        p.Run(TimeSpan.FromSeconds(1));
        var withdrawn = p.B.TopologyVersion;
        Assert.True(withdrawn > converged, $"seed {seed}");

        p.B.RemoveNeighbour("wg0", LinkA);
        Assert.True(p.B.TopologyVersion > withdrawn, $"seed {seed}");
    }

    [Fact]
    public void Shutdown_retracts_everything_with_a_wildcard_retraction()
    {
        var p = new Pair(EngineHarness.TestSeed(), InterfaceKind.UnicastOnly);
        p.A.Announce(IPNetwork.Parse("2001:db8:a::/48"));
        p.A.Announce(IPNetwork.Parse("2001:db8:a1::/48"));
        p.Run(TimeSpan.FromSeconds(20));
        Assert.Equal(2, p.B.Snapshot().Routes.Count(r => r.Selected));
        p.A.Shutdown();
        p.Run(TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain(p.B.Snapshot().Routes, r => r.Selected);
    }
}
