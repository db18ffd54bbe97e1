using System.Net;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

public sealed class AnnouncementTests
{
    private static readonly IPNetwork Own = IPNetwork.Parse("2001:db8:1::/48");
    private static readonly IPNetwork OwnV4 = IPNetwork.Parse("198.18.1.0/24");

    [Fact]
    public void Announced_prefixes_go_out_with_our_router_id_and_seqno_in_periodic_dumps()
    {
        var h = new EngineHarness();
        h.Router.Announce(Own);
        h.Router.Announce(OwnV4, 5);
        h.BringUp(PeerA);
        h.AdvanceWithHellos(TimeSpan.FromSeconds(40), PeerA);
        var ours = h.SentOf<Update>().Where(x => x.Packet.Destination.Equals(PeerA)).Select(x => x.Tlv).ToList();
        Assert.Contains(ours, u => u.Prefix == Own && u.Metric == 0 && u.RouterId == h.Router.RouterId && u.Seqno == new SeqNo(100));
        Assert.Contains(ours, u => u.Prefix == OwnV4 && u.Metric == 5);
        // A full dump at least every 1.25 × 16 s: two or more in 40 s.
        Assert.True(ours.Count(u => u.Prefix == Own) >= 2, $"{ours.Count(u => u.Prefix == Own)} {h.Because}");
        Assert.Equal([OwnV4, Own], h.Router.Snapshot().Announced.Select(a => a.Prefix).OrderBy(p => p.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public void Withdraw_sends_an_urgent_retraction_and_repeats_it()
    {
        var h = new EngineHarness();
        h.Router.Announce(Own);
        h.BringUp(PeerA);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Sent.Clear();
        h.Router.Withdraw(Own);
        h.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Contains(h.SentOf<Update>(), x => x.Tlv.Prefix == Own && x.Tlv.IsRetraction);
        h.AdvanceWithHellos(TimeSpan.FromSeconds(12), PeerA);
        Assert.True(h.SentOf<Update>().Count(x => x.Tlv.Prefix == Own && x.Tlv.IsRetraction) >= 3, h.Because);
        Assert.DoesNotContain(h.SentOf<Update>(), x => x.Tlv.Prefix == Own && !x.Tlv.IsRetraction);
    }

    [Fact]
    public void Announcing_a_prefix_learned_from_a_neighbour_overrides_it_and_withdrawing_brings_it_back()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:1::/48", FarId, 1, 100));
        Assert.NotNull(h.Selected("2001:db8:1::/48"));
        h.Router.Announce(Own);
        h.Router.DrainRouteChanges(h.Changes);
        Assert.Null(h.Selected("2001:db8:1::/48"));
        Assert.Equal(RouteChangeKind.Removed, h.Changes.Last().Kind);
        h.Router.Withdraw(Own);
        h.Router.DrainRouteChanges(h.Changes);
        Assert.Equal(PeerA, h.Selected("2001:db8:1::/48")!.NextHop);
        Assert.Equal(RouteChangeKind.Added, h.Changes.Last().Kind);
    }

    [Fact]
    public void Routes_through_a_neighbour_are_poisoned_back_to_it_on_a_unicast_only_interface()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        var far = IPNetwork.Parse("2001:db8:f::/48");
        Assert.Contains(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerB) && x.Tlv.Prefix == far && x.Tlv.Metric == 196);
        Assert.DoesNotContain(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerA) && x.Tlv.Prefix == far && !x.Tlv.IsRetraction);
    }

    [Fact]
    public void Multicast_interface_sends_updates_to_the_group_without_split_horizon()
    {
        var h = new EngineHarness(multicast: true);
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains(h.SentOf<Update>(), x => x.Packet.Destination.Equals(IPAddress.Parse("ff02::1:6")) && x.Tlv.Metric == 196);
    }

    [Fact]
    public void Neighbours_we_do_not_hear_get_no_periodic_dumps_but_still_get_retractions()
    {
        var h = new EngineHarness();
        h.Router.AddNeighbour(Wg, PeerA);
        h.Router.Announce(Own);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Advance(TimeSpan.FromSeconds(40));
        Assert.DoesNotContain(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerA));
        // But Hellos and IHUs, so that it can come up.
        Assert.Contains(h.SentOf<Hello>(), x => x.Packet.Destination.Equals(PeerA));
        // And retractions, in case it still holds a route through us.
        h.Router.Withdraw(Own);
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerA) && x.Tlv.IsRetraction);
    }

    [Fact]
    public void Shutdown_sends_a_wildcard_retraction_and_our_prefixes_as_retractions_at_once()
    {
        var h = new EngineHarness();
        h.Router.Announce(Own);
        h.BringUp(PeerA);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Sent.Clear();
        h.Router.Shutdown();
        var sent = Assert.Single(h.Sent);
        Assert.False(sent.Paced);
        Assert.IsType<WildcardRetraction>(sent.Tlvs[0]);
        Assert.Contains(sent.Tlvs.OfType<Update>(), u => u.Prefix == Own && u.IsRetraction);
    }

    [Fact]
    public void Unscheduled_hellos_alone_do_not_keep_a_neighbour_up_forever()
    {
        var h = new EngineHarness();
        h.Router.AddNeighbour(Wg, PeerA);
        h.Receive(PeerA, new Hello(true, new SeqNo(1), TimeSpan.Zero), new Ihu(96, TimeSpan.FromSeconds(600), Self));
        h.Receive(PeerA, new Hello(true, new SeqNo(2), TimeSpan.Zero));
        Assert.Equal(96, h.Neighbour(PeerA).Cost);
        h.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, h.Neighbour(PeerA).UnicastReach);
        Assert.Equal(Metric.Infinity, h.Neighbour(PeerA).Cost);
    }

    [Fact]
    public void Small_rtt_changes_do_not_move_the_link_cost()
    {
        var h = new EngineHarness(rttCost: true);
        h.BringUp(PeerA);
        ushort Sample(int rttMs)
        {
            h.Sent.Clear();
            for (var i = 0; i < 100 && !h.SentOf<Hello>().Any(); i++)
            {
                h.Time.Advance(h.Router.UntilNextDue());
                h.Router.Poll();
            }
            var t1 = h.SentOf<Hello>().Single().Tlv.Timestamp!.Value;
            h.Time.Advance(TimeSpan.FromMilliseconds(rttMs));
            h.Receive(PeerA, new Hello(false, h.NextHelloSeqno(PeerA), HelloEvery, 7), new Ihu(96, 3 * HelloEvery, Self, new IhuTimestamp(t1, 7)));
            return h.Neighbour(PeerA).Cost;
        }
        var first = Sample(30);
        Assert.Equal(96 + 43, first);
        // 60 ms → 61 ms estimate: a penalty change of 1 is held back.
        Assert.Equal(first, Sample(62));
        // A jump to 120 ms moves it.
        Assert.True(Sample(300) > first + 8, h.Because);
    }

    [Fact]
    public void Invalid_options_and_interfaces_are_refused_with_a_message()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        Assert.Throws<ArgumentException>(() => new BabelRouter(new BabelRouterOptions(new RouterId(0)), time, new Random(1)));
        Assert.Throws<ArgumentException>(() => new BabelRouter(new BabelRouterOptions(new RouterId(ulong.MaxValue)), time, new Random(1)));
        Assert.Throws<ArgumentException>(() => new BabelRouter(new BabelRouterOptions(new RouterId(1)) { RttMax = TimeSpan.Zero }, time, new Random(1)));
        var router = new BabelRouter(new BabelRouterOptions(new RouterId(1)), time, new Random(1));
        Assert.Throws<ArgumentException>(() => router.AddInterface(new BabelInterface("x", InterfaceKind.UnicastOnly, Self, Mtu: 500)));
        router.AddInterface(new BabelInterface("x", InterfaceKind.UnicastOnly, Self));
        Assert.Throws<ArgumentException>(() => router.AddInterface(new BabelInterface("x", InterfaceKind.UnicastOnly, Self)));
        Assert.Throws<ArgumentException>(() => router.AddNeighbour("y", PeerA));
        Assert.Throws<ArgumentException>(() => router.AddNeighbour("x", IPAddress.Parse("2001:db8::1")));
        Assert.Throws<ArgumentOutOfRangeException>(() => router.Announce(Own, Metric.Infinity));
    }
}
