using System.Net;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

/// <summary>Symmetric link costs and bounded hysteresis (docs/babel-notes.md §5: WireGuard needs the same path both ways).</summary>
public sealed class SymmetricCostTests
{
    private static readonly ushort MaxPerturbation = new BabelRouterOptions(new RouterId(1)).MaxLinkPerturbation;

    private static int PerturbationTo(IPAddress peer) => LinkCost.PairPerturbation(Self, peer, MaxPerturbation);

    [Fact]
    public void The_pair_perturbation_is_the_same_from_both_ends_and_spreads_over_its_range()
    {
        var seen = new HashSet<int>();
        for (var i = 1; i <= 200; i++)
        {
            var a = IPAddress.Parse($"fe80::{i:x}");
            var b = IPAddress.Parse($"fe80::{i:x}:{7 * i:x}");
            var p = LinkCost.PairPerturbation(a, b, MaxPerturbation);
            Assert.Equal(p, LinkCost.PairPerturbation(b, a, MaxPerturbation));
            Assert.InRange(p, 0, MaxPerturbation);
            seen.Add(p);
        }
        Assert.Equal(MaxPerturbation + 1, seen.Count);
        Assert.Equal(0, LinkCost.PairPerturbation(Self, PeerA, 0));
    }

    [Fact]
    public void The_agreed_cost_is_the_larger_of_both_figures_plus_the_perturbation()
    {
        var h = new EngineHarness(symmetric: true);
        h.BringUp(PeerA);
        var n = h.Neighbour(PeerA);
        Assert.True(n.SymmetricCost);
        Assert.Equal(PerturbationTo(PeerA), n.Perturbation);
        Assert.True(n.Cost == 96 + PerturbationTo(PeerA), $"cost {n.Cost} {h.Because}");

        // The peer's figure (its rxcost plus its RTT penalty) is the larger one now.
        h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery), new Ihu(150, 3 * HelloEvery, Self));
        Assert.True(h.Neighbour(PeerA).Cost == 150 + PerturbationTo(PeerA), $"cost {h.Neighbour(PeerA).Cost} {h.Because}");
        h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery), new Ihu(Metric.Infinity, 3 * HelloEvery, Self));
        Assert.Equal(Metric.Infinity, h.Neighbour(PeerA).Cost);
    }

    [Fact]
    public void Our_ihu_carries_our_rtt_penalty_and_a_change_of_it_is_sent_at_once()
    {
        var h = new EngineHarness(rttCost: true, symmetric: true);
        h.BringUp(PeerA);
        h.Sent.Clear();
        for (var i = 0; i < 100 && !h.SentOf<Hello>().Any(); i++)
        {
            h.Time.Advance(h.Router.UntilNextDue());
            h.Router.Poll();
        }
        var (_, ours) = h.SentOf<Hello>().Single(x => x.Packet.Destination.Equals(PeerA));
        h.Time.Advance(TimeSpan.FromMilliseconds(30));
        h.Sent.Clear();
        // A 30 ms round trip, seeded at twice the sample: 60 ms gives a penalty of (60 − 10) / 110 × 96 = 43.
        h.Receive(PeerA,
            new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery, 5_000_000),
            new Ihu(96, 3 * HelloEvery, Self, new IhuTimestamp(ours.Timestamp!.Value, 5_000_000)));

        var n = h.Neighbour(PeerA);
        Assert.Equal(43, n.RttPenalty);
        Assert.Equal(96 + 43, n.AdvertisedRxCost);
        Assert.True(n.Cost == 96 + 43 + PerturbationTo(PeerA), $"cost {n.Cost} {h.Because}");
        // Sent before any timer runs: the peer learns our new figure within one transit time, not at the next Hello.
        var ihu = Assert.Single(h.SentOf<Ihu>(), x => x.Packet.Destination.Equals(PeerA));
        Assert.Equal(96 + 43, ihu.Tlv.RxCost);
        Assert.False(ihu.Packet.Paced);
    }

    [Fact]
    public void Without_symmetric_cost_the_ihu_carries_the_plain_rxcost_as_babeld_expects()
    {
        var h = new EngineHarness(symmetric: false);
        h.BringUp(PeerA);
        Assert.False(h.Neighbour(PeerA).SymmetricCost);
        Assert.Equal(0, h.Neighbour(PeerA).Perturbation);
        Assert.Equal(96, h.Neighbour(PeerA).Cost);
    }

    [Fact]
    public void Hysteresis_keeps_a_slightly_worse_incumbent_only_for_the_hold_time()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 90));
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);

        var hold = new BabelRouterOptions(new RouterId(1)).IncumbentHoldTime;
        h.AdvanceWithHellos(hold - TimeSpan.FromSeconds(4), PeerA, PeerB);
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);
        h.AdvanceWithHellos(TimeSpan.FromSeconds(8), PeerA, PeerB);
        Assert.True(PeerA.Equals(h.Selected("2001:db8:f::/48")!.NextHop), $"still on the incumbent after the hold {h.Because}");
    }

    [Fact]
    public void An_incumbent_that_only_ties_yields_to_the_tie_break_winner_after_the_hold_time()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);

        h.AdvanceWithHellos(new BabelRouterOptions(new RouterId(1)).IncumbentHoldTime + TimeSpan.FromSeconds(4), PeerA, PeerB);

        // Whatever order the routes came in, every node ends on the same choice: the lowest neighbour address here.
        Assert.True(PeerA.Equals(h.Selected("2001:db8:f::/48")!.NextHop), h.Because);
    }
}
