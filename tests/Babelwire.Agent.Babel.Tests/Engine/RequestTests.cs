using System.Net;
using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Engine.EngineHarness;

namespace Babelwire.Agent.Babel.Tests.Engine;

public sealed class RequestTests
{
    private static readonly IPNetwork Far = IPNetwork.Parse("2001:db8:f::/48");
    private static readonly IPNetwork Own = IPNetwork.Parse("2001:db8:1::/48");

    [Fact]
    public void Wildcard_route_request_is_answered_with_a_full_dump_to_the_requester()
    {
        var h = new EngineHarness();
        h.Router.Announce(Own);
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 1, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerB, new RouteRequest(null));
        h.Advance(TimeSpan.FromMilliseconds(100));
        var toB = h.SentOf<Update>().Where(x => x.Packet.Destination.Equals(PeerB)).Select(x => x.Tlv.Prefix).ToHashSet();
        Assert.Contains(Own, toB);
        Assert.Contains(Far, toB);
        Assert.DoesNotContain(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerA));
    }

    [Fact]
    public void Specific_route_request_is_answered_and_an_unknown_prefix_with_a_retraction()
    {
        var h = new EngineHarness();
        h.Router.Announce(Own);
        h.BringUp(PeerA);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerA, new RouteRequest(Own), new RouteRequest(Far));
        h.Advance(TimeSpan.FromMilliseconds(100));
        var updates = h.SentOf<Update>().Select(x => x.Tlv).ToList();
        Assert.Contains(updates, u => u.Prefix == Own && u.Metric == 0 && u.RouterId == h.Router.RouterId);
        Assert.Contains(updates, u => u.Prefix == Far && u.IsRetraction);
        Assert.DoesNotContain(h.SentOf<RouteRequest>(), x => x.Tlv.Prefix == Far);
    }

    [Fact]
    public void Seqno_request_for_our_own_prefix_raises_our_seqno_and_sends_an_urgent_update()
    {
        var h = new EngineHarness();
        h.Router.Announce(Own);
        h.BringUp(PeerA);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        var before = h.Router.Seqno;
        h.Receive(PeerA, new SeqnoRequest(Own, before.Plus(1), 10, h.Router.RouterId));
        Assert.Equal(before.Plus(1), h.Router.Seqno);
        h.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Contains(h.SentOf<Update>(), x => x.Tlv.Prefix == Own && x.Tlv.Seqno == before.Plus(1));
        // A request for a seqno we already have does not raise it again.
        h.Receive(PeerA, new SeqnoRequest(Own, before.Plus(1), 10, h.Router.RouterId));
        Assert.Equal(before.Plus(1), h.Router.Seqno);
    }

    [Fact]
    public void Seqno_request_satisfied_by_the_selected_route_is_answered_not_forwarded()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 7, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerB, new SeqnoRequest(Far, new SeqNo(7), 10, FarId));
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerB) && x.Tlv.Prefix == Far && x.Tlv.Seqno == new SeqNo(7));
        Assert.Empty(h.SentOf<SeqnoRequest>());
    }

    [Fact]
    public void Seqno_request_is_forwarded_to_the_selected_neighbour_with_hop_count_minus_one_and_deduplicated()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 7, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerB, new SeqnoRequest(Far, new SeqNo(8), 10, FarId));
        h.Receive(PeerB, new SeqnoRequest(Far, new SeqNo(8), 10, FarId));
        h.Advance(TimeSpan.FromMilliseconds(100));
        var fwd = Assert.Single(h.SentOf<SeqnoRequest>());
        Assert.Equal(PeerA, fwd.Packet.Destination);
        Assert.Equal(9, fwd.Tlv.HopCount);
        Assert.Equal(new SeqNo(8), fwd.Tlv.Seqno);
        Assert.Equal(1, h.Router.Counters.SeqnoRequestsForwarded);
        // The answer arrives from A and goes on urgently, reaching the requester.
        h.Sent.Clear();
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 8, 100));
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains(h.SentOf<Update>(), x => x.Packet.Destination.Equals(PeerB) && x.Tlv.Seqno == new SeqNo(8));
    }

    [Fact]
    public void Seqno_request_is_never_forwarded_back_to_its_requester()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 7, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerA, new SeqnoRequest(Far, new SeqNo(8), 10, FarId));
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(h.SentOf<SeqnoRequest>());
        Assert.Equal(1, h.Router.Counters.SeqnoRequestsDropped);
    }

    [Fact]
    public void Seqno_request_with_hop_count_one_is_not_forwarded()
    {
        var h = new EngineHarness();
        h.BringUp(PeerA);
        h.BringUp(PeerB);
        h.Receive(PeerA, Route("2001:db8:f::/48", FarId, 7, 100));
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Receive(PeerB, new SeqnoRequest(Far, new SeqNo(8), 1, FarId));
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(h.SentOf<SeqnoRequest>());
    }
}
