using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Tests.Controller;

public sealed class AgentStateModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static BenchNode[] Ring(int count) => [.. Enumerable.Range(0, count).Select(i => new BenchNode(i, $"key{i}", $"fe80::{i + 1:x}", $"[2001:db8::{i + 1:x}]:51820")
    {
        NodeId = Guid.NewGuid(),
        OverlayIPv6 = $"fd00:b:2::{i + 1:x}/128",
        OverlayIPv4 = $"198.18.0.{i + 1}/32",
    })];

    [Fact]
    public void The_full_state_has_eight_neighbours_eight_peers_and_sixteen_routes_around_the_ring()
    {
        var ring = Ring(20);
        var model = new AgentStateModel(ring, index: 0, Now);

        var state = model.Full("bench");

        Assert.Equal(1, state.Sequence);
        Assert.Equal(8, state.Neighbours.Count);
        Assert.Equal(8, state.Peers.Count);
        Assert.Equal(16, state.Routes.Count);
        Assert.Equal(["key1", "key19", "key2", "key18", "key3", "key17", "key4", "key16"], state.Neighbours.Select(n => n.PeerPublicKey));
        Assert.Equal(ring[1], model.FirstNeighbour);
        Assert.All(state.Neighbours, n => Assert.InRange(n.Cost, 96, 128));
        Assert.Equal(16, state.Routes.Select(r => r.Prefix).Distinct().Count());
    }

    [Fact]
    public void Deltas_follow_the_sequence_change_two_neighbours_and_grow_every_counter()
    {
        var model = new AgentStateModel(Ring(20), index: 5, Now);
        var full = model.Full("bench");

        var delta = model.NextDelta(Now.AddSeconds(10), marker: null);

        Assert.Equal(2, delta.Sequence);
        Assert.Equal(2, delta.NeighboursUpserted.Count);
        Assert.Equal(8, delta.PeersUpserted.Count);
        Assert.All(delta.PeersUpserted, p =>
        {
            var before = full.Peers.Single(q => q.PublicKey == p.PublicKey);
            Assert.True(p.ReceivedBytes > before.ReceivedBytes && p.SentBytes > before.SentBytes);
        });
        Assert.Empty(delta.NeighboursRemoved);
    }

    [Fact]
    public void A_marker_puts_its_cost_on_the_first_neighbour()
    {
        var ring = Ring(20);
        var model = new AgentStateModel(ring, index: 3, Now);
        model.Full("bench");

        var delta = model.NextDelta(Now, new DelayMarker(30_001, ring[3].NodeId, ring[4].NodeId));

        var first = Assert.Single(delta.NeighboursUpserted, n => n.PeerPublicKey == "key4");
        Assert.Equal(30_001, first.Cost);
    }

    [Fact]
    public void Every_fifth_delta_changes_one_route()
    {
        var model = new AgentStateModel(Ring(20), index: 0, Now);
        model.Full("bench");

        var routeCounts = Enumerable.Range(0, 10).Select(_ => model.NextDelta(Now, null).RoutesUpserted.Count).ToList();

        Assert.Equal(2, routeCounts.Sum());
    }

    [Fact]
    public void Router_ids_are_eight_octets_unique_per_node()
    {
        Assert.Equal("02:00:00:00:00:00:01:00", AgentStateModel.RouterId(256));
        Assert.NotEqual(AgentStateModel.RouterId(1), AgentStateModel.RouterId(2));
    }

    [Fact]
    public void With_ipv6_routes_only_no_route_is_ipv4()
    {
        var model = new AgentStateModel(Ring(20), index: 0, Now, ipv6RoutesOnly: true);

        var routes = model.Full("bench").Routes;

        Assert.Equal(16, routes.Count);
        Assert.DoesNotContain(routes, r => r.Prefix.StartsWith("198.18.", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Prefix == "2001:db8:0:1::/64");
    }

    [Fact]
    public void Five_neighbours_either_side_of_200_nodes_make_1000_distinct_links_each_reported_from_both_ends()
    {
        var ring = Ring(200);
        var reports = Enumerable.Range(0, 200).Select(i => (Node: ring[i], State: new AgentStateModel(ring, i, Now, neighboursEachSide: 5).Full("bench"))).ToList();

        var directed = reports.SelectMany(r => r.State.Neighbours.Select(n => (From: r.Node.PublicKey, To: n.PeerPublicKey))).ToList();
        var links = directed.Select(d => string.CompareOrdinal(d.From, d.To) < 0 ? (d.From, d.To) : (d.To, d.From)).Distinct().ToList();

        Assert.All(reports, r => Assert.Equal(10, r.State.Neighbours.Count));
        Assert.Equal(1_000, links.Count);
        Assert.Equal(2_000, directed.Distinct().Count());
    }

    [Fact]
    public void A_ring_too_small_for_the_neighbours_asked_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentStateModel(Ring(10), 0, Now, neighboursEachSide: 5));
    }

    [Fact]
    public void A_pinned_cost_goes_out_in_the_next_delta_and_stays_out_of_the_jitter()
    {
        var ring = Ring(20);
        var model = new AgentStateModel(ring, index: 0, Now);
        model.Full("bench");

        model.PinCost(0, 1_007);
        var first = model.NextDelta(Now, null);
        var later = Enumerable.Range(0, 16).SelectMany(_ => model.NextDelta(Now, null).NeighboursUpserted).Where(n => n.PeerPublicKey == "key1").ToList();

        Assert.Equal(1_007, first.NeighboursUpserted.Single(n => n.PeerPublicKey == "key1").Cost);
        Assert.NotEmpty(later);
        Assert.All(later, n => Assert.Equal(1_007, n.Cost));
    }

    [Fact]
    public void A_route_through_a_chosen_next_hop_goes_out_in_the_next_delta_once_and_in_every_full_report()
    {
        var ring = Ring(20);
        var model = new AgentStateModel(ring, index: 0, Now);
        model.Full("bench");

        model.SetRoute(ring[5], ring[2], 250);
        var delta = model.NextDelta(Now, null);
        var next = model.NextDelta(Now, null);
        var full = model.Full("bench");

        Assert.Equal(["fd00:b:2::6/128", "198.18.0.6/32"], delta.RoutesUpserted.Where(r => r.Metric == 250).Select(r => r.Prefix));
        Assert.All(delta.RoutesUpserted.Where(r => r.Metric == 250), r => Assert.Equal(("fe80::3", "key2"), (r.NextHop, r.NextHopPeerPublicKey)));
        Assert.DoesNotContain(next.RoutesUpserted, r => r.Metric == 250);
        Assert.Equal(18, full.Routes.Count);
        Assert.Contains(full.Routes, r => r.Prefix == "fd00:b:2::6/128" && r.NextHopPeerPublicKey == "key2");
    }
}
