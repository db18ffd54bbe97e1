using System.Net;
using Babelwire.Agent.Babel.Sources;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

public sealed class RouteTests
{
    private static readonly IPNetwork Far = IPNetwork.Parse("2001:db8:f::/48");

    [Fact]
    public void Feasibility_accepts_newer_seqnos_smaller_metrics_and_retractions_only()
    {
        var fd = new Source(Far, FarId, new SeqNo(10), 200, TimeSpan.Zero);
        Assert.True(Feasibility.IsFeasible(new SeqNo(11), 5000, fd));
        Assert.True(Feasibility.IsFeasible(new SeqNo(10), 199, fd));
        Assert.False(Feasibility.IsFeasible(new SeqNo(10), 200, fd));
        Assert.False(Feasibility.IsFeasible(new SeqNo(9), 1, fd));
        Assert.True(Feasibility.IsFeasible(new SeqNo(9), Metric.Infinity, fd));
        Assert.True(Feasibility.IsFeasible(new SeqNo(9), 1, null));
        // Modular: 0 is newer than 0xFFFF.
        var wrapped = new Source(Far, FarId, new SeqNo(0xFFFF), 200, TimeSpan.Zero);
        Assert.True(Feasibility.IsFeasible(new SeqNo(0), 300, wrapped));
    }

    [Fact]
    public void Update_is_selected_with_metric_advertised_plus_link_cost()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        var s = h.Selected("2001:db8:f::/48");
        Assert.NotNull(s);
        Assert.Equal(196, s!.Metric);
        Assert.Equal(PeerA, s.NextHop);
        var added = Assert.Single(h.Changes);
        Assert.Equal(RouteChangeKind.Added, added.Kind);
        Assert.Equal(196, added.Metric);
    }

    [Fact]
    public void Metric_saturates_at_infinity_and_such_a_route_is_never_selected()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 0xFFF0));
        Assert.Null(h.Selected("2001:db8:f::/48"));
        Assert.Empty(h.Changes);
    }

    [Fact]
    public void Update_with_infinite_metric_retracts_the_route()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, Metric.Infinity));
        Assert.Null(h.Selected("2001:db8:f::/48"));
        Assert.Equal(RouteChangeKind.Removed, h.Changes.Last().Kind);
        h.Advance(TimeSpan.FromMilliseconds(100));
        // And we retract it ourselves, urgently.
        Assert.Contains(h.SentOf<Update>(), x => x.Tlv.Prefix == Far && x.Tlv.IsRetraction);
    }

    [Fact]
    public void Unfeasible_update_is_not_selected_and_a_seqno_request_is_sent()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 5, 100));
        // Advertise it, which sets our FD to (5, 196).
        h.Advance(TimeSpan.FromSeconds(2));
        // B offers the same source with the same seqno and a larger metric: unfeasible.
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 5, 200));
        Assert.Contains(h.Router.Snapshot().Routes, r => r.Prefix == Far && r.NextHop.Equals(PeerB) && !r.Feasible);
        Assert.Equal(PeerA, h.Selected("2001:db8:f::/48")!.NextHop);
        // A loses it: B's route is the only one left but unfeasible -> starvation request for seqno 6 to B.
        h.Sent.Clear();
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 5, Metric.Infinity));
        Assert.Null(h.Selected("2001:db8:f::/48"));
        h.Advance(TimeSpan.FromMilliseconds(100));
        var req = Assert.Single(h.SentOf<SeqnoRequest>());
        Assert.Equal(PeerB, req.Packet.Destination);
        Assert.Equal(new SeqNo(6), req.Tlv.Seqno);
        Assert.Equal(FarId, req.Tlv.RouterId);
        Assert.Equal(64, req.Tlv.HopCount);
        // The answer with seqno 6 is feasible and selected.
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 6, 200));
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);
    }

    [Fact]
    public void Starvation_request_is_resent_with_backoff_then_given_up()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 5, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 5, Metric.Infinity));
        h.AdvanceWithHellos(TimeSpan.FromSeconds(40), PeerA, PeerB);
        var times = h.SentOf<SeqnoRequest>().Select(x => x.Packet).Distinct().Count();
        // No unfeasible route: sent to every neighbour, once and then 3 resends (2 s, 4 s, 8 s).
        Assert.True(h.SentOf<SeqnoRequest>().Count() == 8, $"{h.SentOf<SeqnoRequest>().Count()} requests {h.Because}");
        Assert.Equal(8, times);
    }

    [Fact]
    public void Selection_keeps_the_incumbent_unless_beaten_by_the_switch_threshold()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 1, 100));
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);
        // A is better by 10 < 16: keep B.
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 90));
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);
        // A is now better by 20: switch.
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 80));
        Assert.Equal(PeerA, h.Selected("2001:db8:f::/48")!.NextHop);
        Assert.Equal(RouteChangeKind.Changed, h.Changes.Last().Kind);
    }

    private static readonly IPAddress PeerC = IPAddress.Parse("fe80::c");

    /// <summary>C holds the route; A and B offer the same metric in the given order; then C's route goes.</summary>
    private static IPAddress FreshChoiceBetweenEquals(EngineHarness h, IPAddress first, IPAddress second)
    {
        h.Receive(PeerC, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Receive(first, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Receive(second, Route("2001:db8:f::/48", FarId, 1, 100));
        Assert.Equal(PeerC, h.Selected("2001:db8:f::/48")!.NextHop);
        h.Receive(PeerC, Route("2001:db8:f::/48", FarId, 1, Metric.Infinity));
        return h.Selected("2001:db8:f::/48")!.NextHop;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Equal_metrics_are_broken_by_the_lowest_neighbour_address_whatever_the_arrival_order(bool bFirst)
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.BringUp(PeerC);
        var winner = bFirst ? FreshChoiceBetweenEquals(h, PeerB, PeerA) : FreshChoiceBetweenEquals(h, PeerA, PeerB);
        Assert.True(winner.Equals(PeerA), $"{winner} {h.Because}");
    }

    [Fact]
    public void Equal_metrics_prefer_the_neighbour_with_the_lower_router_id_over_a_lower_address()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.BringUp(PeerC);
        // Each neighbour originates its own prefix at metric 0: that tells us its router-id. B's is lower than A's.
        h.Receive(PeerA, Route("2001:db8:aa::/48", new RouterId(0x20), 1, 0));
        h.Receive(PeerB, Route("2001:db8:bb::/48", new RouterId(0x10), 1, 0));
        Assert.Equal(PeerB, FreshChoiceBetweenEquals(h, PeerA, PeerB));
    }

    [Fact]
    public void The_incumbent_keeps_an_equal_metric_tie()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        Assert.Equal(PeerB, h.Selected("2001:db8:f::/48")!.NextHop);
    }

    [Fact]
    public void Route_expires_after_3_5_update_intervals_then_is_flushed()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100, TimeSpan.FromSeconds(10)));
        h.AdvanceWithHellos(TimeSpan.FromSeconds(32), PeerA);
        Assert.NotNull(h.Selected("2001:db8:f::/48"));
        h.AdvanceWithHellos(TimeSpan.FromSeconds(4), PeerA);
        Assert.Null(h.Selected("2001:db8:f::/48"));
        Assert.Contains(h.Router.Snapshot().Routes, r => r.Prefix == Far && r.AdvertisedMetric == Metric.Infinity);
        Assert.Equal(1, h.Router.Counters.RoutesExpired);
        h.AdvanceWithHellos(TimeSpan.FromSeconds(40), PeerA);
        Assert.DoesNotContain(h.Router.Snapshot().Routes, r => r.Prefix == Far);
    }

    [Fact]
    public void A_refreshed_route_does_not_expire()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        for (var i = 0; i < 10; i++)
        {
            h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100, TimeSpan.FromSeconds(10)));
            h.AdvanceWithHellos(TimeSpan.FromSeconds(12), PeerA);
        }
        Assert.NotNull(h.Selected("2001:db8:f::/48"));
        Assert.Single(h.Changes);
    }

    [Fact]
    public void Wildcard_retraction_retracts_every_route_of_that_neighbour()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100), Route("2001:db8:e::/48", FarId, 1, 100), Route("198.18.5.0/24", FarId, 1, 100));
        Assert.Equal(3, h.Router.Snapshot().Routes.Count(r => r.Selected));
        h.Receive(PeerA, new WildcardRetraction(UpdateInterval));
        Assert.DoesNotContain(h.Router.Snapshot().Routes, r => r.Selected);
        Assert.Equal(3, h.Changes.Count(c => c.Kind == RouteChangeKind.Removed));
    }

    [Fact]
    public void Losing_a_neighbour_retracts_its_routes()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Sent.Clear();
        // B keeps saying Hello, A goes silent.
        h.AdvanceWithHellos(TimeSpan.FromSeconds(12), PeerB);
        Assert.Null(h.Selected("2001:db8:f::/48"));
        Assert.Equal(RouteChangeKind.Removed, h.Changes.Last().Kind);
        Assert.Contains(h.SentOf<Update>(), x => x.Tlv.Prefix == Far && x.Tlv.IsRetraction && x.Packet.Destination.Equals(PeerB));
    }

    [Fact]
    public void Removing_a_given_neighbour_removes_its_routes()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Router.RemoveNeighbour(Wg, PeerA);
        h.Router.DrainRouteChanges(h.Changes);
        Assert.Empty(h.Router.Snapshot().Routes);
        Assert.Equal(RouteChangeKind.Removed, h.Changes.Last().Kind);
    }

    [Theory]
    [InlineData("fe80::/64")]
    [InlineData("ff02::/16")]
    [InlineData("::/128")]
    [InlineData("::1/128")]
    [InlineData("0.0.0.0/8")]
    [InlineData("127.0.0.0/8")]
    [InlineData("224.0.0.0/4")]
    [InlineData("255.255.255.255/32")]
    public void Martian_prefixes_are_never_accepted_nor_announced(string prefix)
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route(prefix, FarId, 1, 100));
        Assert.Empty(h.Router.Snapshot().Routes);
        Assert.Equal(1, h.Router.Counters.MartianPrefixesIgnored);
        Assert.Throws<ArgumentException>(() => h.Router.Announce(IPNetwork.Parse(prefix)));
    }

    [Fact]
    public void Our_own_router_id_coming_back_is_ignored()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", h.Router.RouterId, 1, 100));
        Assert.Empty(h.Router.Snapshot().Routes);
    }

    [Fact]
    public void Sources_unused_for_the_gc_time_are_collected()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 5, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        // Our FD is (5, 196): B's (5, 300) is unfeasible.
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 5, 300));
        Assert.False(h.Router.Snapshot().Routes.Single(r => r.NextHop.Equals(PeerB)).Feasible);
        // A's route goes; nothing is advertised any more, so after 3 minutes the FD is forgotten.
        h.Router.RemoveNeighbour(Wg, PeerA);
        h.AdvanceWithHellos(TimeSpan.FromSeconds(100), PeerB);
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 5, 300));
        Assert.Null(h.Selected("2001:db8:f::/48"));
        h.AdvanceWithHellos(TimeSpan.FromSeconds(100), PeerB);
        h.Receive(PeerB, Route("2001:db8:f::/48", FarId, 5, 300));
        Assert.True(h.Selected("2001:db8:f::/48")?.NextHop.Equals(PeerB), h.Because);
    }

    [Fact]
    public void On_a_unicast_only_interface_the_next_hop_is_the_peer_even_for_an_ipv4_next_hop()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, new Update(IPNetwork.Parse("198.18.7.0/24"), FarId, new SeqNo(1), 100, UpdateInterval, IPAddress.Parse("198.18.0.9")));
        Assert.Equal(PeerA, h.Selected("198.18.7.0/24")!.NextHop);
        Assert.Equal(PeerA, h.Changes.Single().NextHop);

        var m = new EngineHarness(multicast: true);
        m.BringUp(PeerA);
        m.Receive(PeerA, new Update(IPNetwork.Parse("198.18.7.0/24"), FarId, new SeqNo(1), 100, UpdateInterval, IPAddress.Parse("198.18.0.9")));
        Assert.Equal(IPAddress.Parse("198.18.0.9"), m.Selected("198.18.7.0/24")!.NextHop);
    }

    [Fact]
    public void A_selected_route_about_to_expire_is_asked_for_by_unicast_route_request()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100, TimeSpan.FromSeconds(10)));
        h.AdvanceWithHellos(TimeSpan.FromSeconds(24), PeerA);
        Assert.DoesNotContain(h.SentOf<RouteRequest>(), x => x.Tlv.Prefix == Far);
        // 2.5 intervals after the last Update: one interval before expiry.
        h.AdvanceWithHellos(TimeSpan.FromSeconds(4), PeerA);
        var request = Assert.Single(h.SentOf<RouteRequest>(), x => x.Tlv.Prefix == Far);
        Assert.Equal(PeerA, request.Packet.Destination);
        // Answered: the route is refreshed and does not expire.
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100, TimeSpan.FromSeconds(10)));
        h.AdvanceWithHellos(TimeSpan.FromSeconds(12), PeerA);
        Assert.NotNull(h.Selected("2001:db8:f::/48"));
    }
}
