using System.Net;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

public sealed class NeighbourTests
{
    [Fact]
    public void Two_of_the_last_three_hellos_give_the_nominal_cost()
    {
        Assert.Equal(96, LinkCost.TwoOutOfThree(0b1100_0000_0000_0000, 96));
        Assert.Equal(96, LinkCost.TwoOutOfThree(0b1010_0000_0000_0000, 96));
        Assert.Equal(96, LinkCost.TwoOutOfThree(0b0110_0000_0000_0000, 96));
        Assert.Equal(Metric.Infinity, LinkCost.TwoOutOfThree(0b1000_0000_0000_0000, 96));
        Assert.Equal(Metric.Infinity, LinkCost.TwoOutOfThree(0b0010_0000_0000_0000, 96));
        Assert.Equal(Metric.Infinity, LinkCost.TwoOutOfThree(0, 96));
    }

    [Fact]
    public void Etx_cost_grows_as_hellos_are_lost()
    {
        Assert.Equal(256, LinkCost.Etx(0xFFFF, 256));
        var half = LinkCost.Etx(0b1010_1010_1010_1010, 256);
        Assert.InRange(half, 400, 600);
        Assert.Equal(Metric.Infinity, LinkCost.Etx(0x000F, 256));
        // babeld's combination: (max(tx,256) * max(rx,256) + 128) >> 8.
        Assert.Equal(512, LinkCost.Combine(512, 256, LinkCostKind.Etx));
        Assert.Equal(1024, LinkCost.Combine(512, 512, LinkCostKind.Etx));
    }

    [Fact]
    public void Hello_history_shifts_in_misses_and_resets_on_a_seqno_jump_back()
    {
        var h = new HelloHistory();
        var t = TimeSpan.Zero;
        h.Receive(new SeqNo(10), HelloEvery, t);
        h.Receive(new SeqNo(11), HelloEvery, t);
        Assert.Equal(0xC000, h.Reach);
        h.Receive(new SeqNo(13), HelloEvery, t);
        Assert.Equal(0b1011_0000_0000_0000, h.Reach);
        Assert.True(h.Receive(new SeqNo(2), HelloEvery, t));
        Assert.Equal(0x8000, h.Reach);
        Assert.Equal(t + (HelloEvery * 1.5), h.TimerDue);
        h.Miss(t + (HelloEvery * 1.5));
        Assert.Equal(0x4000, h.Reach);
    }

    [Fact]
    public void Rtt_is_the_round_trip_minus_the_time_the_peer_held_the_hello()
    {
        // t1 = our Hello sent, t2 = it arrived there, t3 = their Hello+IHU sent, t4 = arrived here.
        Assert.Equal(30_000L, RttEstimator.Sample(1_000_000, 5_000_000, 5_500_000, 1_530_000));
        // Modulo 2^32: our clock wrapped between t1 and t4.
        Assert.Equal(20_000L, RttEstimator.Sample(uint.MaxValue - 9_999, 7, 1_000_007, 1_010_000));
        Assert.Null(RttEstimator.Sample(0, 0, 0, 700_000_000));
    }

    [Fact]
    public void Rtt_penalty_is_zero_below_min_linear_then_flat()
    {
        var min = TimeSpan.FromMilliseconds(10);
        var max = TimeSpan.FromMilliseconds(120);
        Assert.Equal(0, LinkCost.RttPenalty(TimeSpan.FromMilliseconds(5), min, max, 96));
        Assert.Equal(48, LinkCost.RttPenalty(TimeSpan.FromMilliseconds(65), min, max, 96));
        Assert.Equal(96, LinkCost.RttPenalty(TimeSpan.FromMilliseconds(500), min, max, 96));
    }

    [Fact]
    public void Rtt_estimate_starts_at_twice_the_sample_then_averages()
    {
        var e = new RttEstimator();
        var validity = TimeSpan.FromSeconds(180);
        e.Add(10_000, TimeSpan.Zero, validity, 42);
        Assert.Equal(TimeSpan.FromMilliseconds(20), e.Current(TimeSpan.Zero, validity));
        e.Add(10_000, TimeSpan.FromSeconds(1), validity, 42);
        Assert.Equal(TimeSpan.FromMicroseconds(((42 * 10_000) + (214 * 20_000)) / 256), e.Current(TimeSpan.FromSeconds(1), validity));
        Assert.Null(e.Current(TimeSpan.FromSeconds(200), validity));
    }

    [Fact]
    public void A_neighbour_with_two_hellos_and_an_ihu_has_the_nominal_cost()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        var n = h.Neighbour(PeerA);
        Assert.True(n.Cost == 96, $"cost {n.Cost} {h.Because}");
        Assert.Equal(0xC000, n.Reach);
    }

    [Fact]
    public void Txcost_becomes_infinite_when_the_ihu_hold_of_3_5_intervals_expires()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        // Hellos keep coming but no IHU: hold = 3.5 × 12 s = 42 s.
        for (var i = 0; i < 10; i++)
        {
            h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery));
            h.Advance(HelloEvery);
            var n = h.Neighbour(PeerA);
            var elapsed = HelloEvery * (i + 1);
            if (elapsed < TimeSpan.FromSeconds(42))
                Assert.True(n.TxCost == 96, $"at {elapsed} txcost {n.TxCost} {h.Because}");
            else
                Assert.True(n.TxCost == Metric.Infinity && n.Cost == Metric.Infinity, $"at {elapsed} {h.Because}");
        }
    }

    [Fact]
    public void Missing_hellos_make_the_link_cost_infinite()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Advance(HelloEvery * 1.4);
        Assert.Equal(96, h.Neighbour(PeerA).Cost);
        // After two missed Hellos (1.5 × and then one more interval) only 1 of the last 3 arrived.
        h.Advance(HelloEvery * 1.2);
        Assert.True(h.Neighbour(PeerA).Cost == Metric.Infinity, h.Because);
    }

    [Fact]
    public void Unicast_hellos_have_their_own_history_and_either_keeps_the_link_up()
    {
        var h = new EngineHarness();
        h.Router.AddNeighbour(Wg, PeerA);
        h.Receive(PeerA, new Hello(true, new SeqNo(7), HelloEvery), new Ihu(96, 3 * HelloEvery, Self));
        h.Receive(PeerA, new Hello(true, new SeqNo(8), HelloEvery));
        var n = h.Neighbour(PeerA);
        Assert.Equal(0, n.Reach);
        Assert.Equal(0xC000, n.UnicastReach);
        Assert.Equal(96, n.Cost);
    }

    [Fact]
    public void Rtt_from_timestamps_adds_a_penalty_to_the_cost()
    {
        var h = new EngineHarness(rttCost: true);
        h.BringUp(PeerA);
        h.Sent.Clear();
        // Step to the instant our next Hello to A leaves, so t1 is "now".
        for (var i = 0; i < 100 && !h.SentOf<Hello>().Any(); i++)
        {
            h.Time.Advance(h.Router.UntilNextDue());
            h.Router.Poll();
        }
        var (_, ours) = h.SentOf<Hello>().Single(x => x.Packet.Destination.Equals(PeerA));
        var t1 = ours.Timestamp!.Value;
        h.Time.Advance(TimeSpan.FromMilliseconds(30));
        // 30 ms round trip; the peer answered at once (t3 = t2). The first sample seeds the estimate at 2 × 30 ms.
        h.Receive(PeerA,
            new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery, 5_000_000),
            new Ihu(96, 3 * HelloEvery, Self, new IhuTimestamp(t1, 5_000_000)));
        var n = h.Neighbour(PeerA);
        Assert.NotNull(n.Rtt);
        Assert.InRange(n.Rtt!.Value.TotalMilliseconds, 59, 61);
        // 60 ms: (60 − 10) / 110 × 96 = 43.
        Assert.True(n.Cost == 96 + 43, $"cost {n.Cost} {h.Because}");
    }

    [Fact]
    public void Unicast_only_interface_sends_the_same_u0_hello_to_each_neighbour_by_unicast()
    {
        var h = new EngineHarness();
        h.Router.AddNeighbour(Wg, PeerA);
        h.Router.AddNeighbour(Wg, PeerB);
        h.Sent.Clear();
        h.Advance(HelloEvery * 1.3);
        var hellos = h.SentOf<Hello>().ToList();
        Assert.NotEmpty(hellos);
        Assert.All(hellos, x => Assert.False(x.Tlv.IsUnicast));
        Assert.All(hellos, x => Assert.NotNull(x.Tlv.Timestamp));
        Assert.DoesNotContain(hellos, x => x.Packet.Destination.Equals(IPAddress.Parse("ff02::1:6")));
        var round = hellos.Take(2).ToList();
        Assert.Equal(round[0].Tlv.Seqno, round[1].Tlv.Seqno);
        Assert.Equal([PeerA, PeerB], round.Select(x => x.Packet.Destination).OrderBy(a => a.ToString()));
        Assert.All(h.Sent, s => Assert.True(s.Tlvs.OfType<Hello>().Count() <= 1));
        // Each Hello shares its packet with an IHU for that neighbour (AE 3 link-local address).
        Assert.All(round, x => Assert.Contains(x.Packet.Tlvs.OfType<Ihu>(), i => i.Address!.Equals(x.Packet.Destination)));
    }

    [Fact]
    public void Multicast_interface_sends_hellos_to_ff02_1_6_and_discovers_neighbours()
    {
        var h = new EngineHarness(multicast: true);
        h.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Contains(h.SentOf<Hello>(), x => x.Packet.Destination.Equals(IPAddress.Parse("ff02::1:6")));
        h.Receive(PeerA, new Hello(false, new SeqNo(1), HelloEvery), new Ihu(96, 3 * HelloEvery, Self));
        h.Receive(PeerA, new Hello(false, new SeqNo(2), HelloEvery));
        Assert.Equal(96, h.Neighbour(PeerA).Cost);
    }

    [Fact]
    public void Packets_from_outside_fe80_64_are_dropped_and_counted()
    {
        var h = new EngineHarness(multicast: true);
        h.Receive(IPAddress.Parse("2001:db8::1"), new Hello(false, new SeqNo(1), HelloEvery));
        h.Receive(IPAddress.Parse("fe80:1::1"), new Hello(false, new SeqNo(1), HelloEvery));
        Assert.Equal(2, h.Router.Counters.PacketsFromNonLinkLocal);
        Assert.Empty(h.Router.Snapshot().Neighbours);
    }

    [Fact]
    public void Unicast_only_interface_drops_packets_from_unknown_neighbours()
    {
        var h = new EngineHarness();
        h.Receive(PeerA, new Hello(false, new SeqNo(1), HelloEvery));
        Assert.Equal(1, h.Router.Counters.PacketsFromUnknownNeighbour);
        Assert.Empty(h.Router.Snapshot().Neighbours);
    }

    [Fact]
    public void Ack_request_is_answered_with_an_ack()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, new AckRequest(0x1234, TimeSpan.FromSeconds(1)));
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains(h.SentOf<Ack>(), x => x.Tlv.Opaque == 0x1234 && x.Packet.Destination.Equals(PeerA));
    }

    [Fact]
    public void A_discovered_neighbour_that_goes_silent_is_flushed_with_its_routes()
    {
        var h = new EngineHarness(multicast: true);
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        Assert.NotNull(h.Selected("2001:db8:f::/48"));
        // 16 missed Hellos empty the history; the IHU hold (42 s) is shorter.
        h.Advance(TimeSpan.FromSeconds(80));
        Assert.Empty(h.Router.Snapshot().Neighbours);
        Assert.Empty(h.Router.Snapshot().Routes);
        Assert.Equal(RouteChangeKind.Removed, h.Changes.Last().Kind);
    }

    [Fact]
    public void Ihu_addressed_to_another_node_is_ignored()
    {
        var h = new EngineHarness(multicast: true);
        h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery), new Ihu(96, 3 * HelloEvery, PeerB));
        h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery));
        Assert.Equal(1, h.Router.Counters.IhusForOthers);
        Assert.Equal(Metric.Infinity, h.Neighbour(PeerA).TxCost);
        // AE 0 (no address) is for whoever receives it.
        h.Receive(PeerA, new Ihu(200, 3 * HelloEvery, null));
        Assert.Equal(200, h.Neighbour(PeerA).Cost);
    }

    [Fact]
    public void Routes_from_a_neighbour_not_yet_up_are_kept_and_selected_once_it_is()
    {
        var h = new EngineHarness();
        h.Router.AddNeighbour(Wg, PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        Assert.Null(h.Selected("2001:db8:f::/48"));
        Assert.Single(h.Router.Snapshot().Routes);
        h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery), new Ihu(96, 3 * HelloEvery, Self));
        h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery));
        Assert.Equal(196, h.Selected("2001:db8:f::/48")!.Metric);
    }

    [Fact]
    public void A_rebooted_neighbour_restarting_its_hello_seqnos_keeps_no_stale_history()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        for (var i = 0; i < 5; i++)
            h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery));
        Assert.Equal(0xFE00, h.Neighbour(PeerA).Reach);
        h.Receive(PeerA, new Hello(false, new SeqNo(60000), HelloEvery));
        Assert.Equal(0x8000, h.Neighbour(PeerA).Reach);
    }
}
