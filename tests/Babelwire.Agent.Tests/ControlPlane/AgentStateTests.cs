using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.Status;
using Babelwire.Shared.State;

namespace Babelwire.Agent.Tests.ControlPlane;

public sealed class AgentStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    private static StatusReport Report() => new(
        "02:00:00:00:00:00:00:01", 1, Now, new StatusSummary(1, 1, 2, 3, 2, 1),
        Neighbours:
        [
            new NeighbourReport("wgt0", "fe80::b", "ffff", "ffff", 96, 96, 96, 1.25, PublicKey: "KEY-B", RxBytes: 1, TxBytes: 2),
            new NeighbourReport("eth0", "fe80::c", "ffff", "0000", 96, 256, 256, null),
        ],
        Routes:
        [
            new RouteReport("198.18.0.2/32", "02:00:00:00:00:00:00:02", "wgt0", "fe80::b", 96, 0, 3, true, true, Programmed: true),
            new RouteReport("198.18.0.2/32", "02:00:00:00:00:00:00:02", "eth0", "fe80::c", 352, 0, 3, true, false),
            new RouteReport("2001:db8:3::/48", "02:00:00:00:00:00:00:03", "eth0", "fe80::c", 256, 0, 9, true, true),
        ],
        WireGuard: new WireGuardReport("wgt0", "create", "in-memory", "KEY-A", 51820, "fe80::a", 3, [], [
            new PeerReport("KEY-B", "fe80::b", "192.0.2.2:51820", Now.AddSeconds(-5), 100, 200, 2, 1, true),
        ], false, null));

    [Fact]
    public void A_status_report_becomes_neighbours_selected_routes_and_peer_statistics()
    {
        var state = AgentStateMapper.FromStatus(Report(), "1.2.3");

        Assert.Equal("1.2.3", state.AgentVersion);
        Assert.Equal(
            [new NeighbourStateDto("fe80::b", "KEY-B", "wgt0", 96, 96, 96, 1.25), new NeighbourStateDto("fe80::c", null, "eth0", 256, 96, 256, null)],
            state.Neighbours);
        Assert.Equal(
            [
                new RouteStateDto("198.18.0.2/32", 96, "02:00:00:00:00:00:00:02", "fe80::b", "KEY-B", true),
                new RouteStateDto("2001:db8:3::/48", 256, "02:00:00:00:00:00:00:03", "fe80::c", null, false),
            ],
            state.Routes);
        Assert.Equal([new PeerStatsDto("KEY-B", "192.0.2.2:51820", Now.AddSeconds(-5), 100, 200)], state.Peers);
    }

    [Fact]
    public void Equal_snapshots_make_no_delta()
    {
        var state = AgentStateMapper.FromStatus(Report(), "1");

        Assert.Null(AgentStateDiff.Compute(state, AgentStateMapper.FromStatus(Report(), "1"), 2));
    }

    [Fact]
    public void A_delta_upserts_what_changed_or_appeared_and_removes_what_is_gone_keyed_by_address_prefix_and_key()
    {
        var before = AgentStateMapper.FromStatus(Report(), "1");
        var after = before with
        {
            Neighbours = [before.Neighbours[0] with { Cost = 4000 }],
            Routes = [before.Routes[0], new RouteStateDto("198.18.0.4/32", 192, "r4", "fe80::b", "KEY-B", false)],
            Peers = [before.Peers[0] with { ReceivedBytes = 101 }, new PeerStatsDto("KEY-D", null, null, 0, 0)],
        };

        var delta = AgentStateDiff.Compute(before, after, 7)!;

        Assert.Equal(7, delta.Sequence);
        Assert.Equal([after.Neighbours[0]], delta.NeighboursUpserted);
        Assert.Equal(["fe80::c"], delta.NeighboursRemoved);
        Assert.Equal(["198.18.0.4/32"], delta.RoutesUpserted.Select(r => r.Prefix));
        Assert.Equal(["2001:db8:3::/48"], delta.RoutesRemoved);
        Assert.Equal(["KEY-B", "KEY-D"], delta.PeersUpserted.Select(p => p.PublicKey));
        Assert.Empty(delta.PeersRemoved);
    }

    [Fact]
    public void Only_neighbours_and_routes_change_the_topology_not_rtt_or_peer_counters()
    {
        var before = AgentStateMapper.FromStatus(Report(), "1");
        bool Changes(AgentStateDto after) => AgentStateDiff.ChangesTopology(before, AgentStateDiff.Compute(before, after, 2)!);

        Assert.False(Changes(before with
        {
            Neighbours = [before.Neighbours[0] with { RttMilliseconds = 30 }, before.Neighbours[1] with { RttMilliseconds = 2 }],
            Peers = [before.Peers[0] with { ReceivedBytes = 5000, SentBytes = 6000, LastHandshake = Now, Endpoint = "192.0.2.9:51820" }],
        }));
        Assert.True(Changes(before with { Neighbours = [before.Neighbours[0] with { Cost = 65535 }, before.Neighbours[1]] }));
        Assert.True(Changes(before with { Neighbours = [before.Neighbours[0] with { RxCost = 200 }, before.Neighbours[1]] }));
        Assert.True(Changes(before with { Neighbours = [before.Neighbours[0]] }));
        Assert.True(Changes(before with { Neighbours = [.. before.Neighbours, new NeighbourStateDto("fe80::d", null, "eth0", 96, 96, 96, null)] }));
        Assert.True(Changes(before with { Routes = [before.Routes[0] with { Metric = 500 }, before.Routes[1]] }));
        Assert.True(Changes(before with { Routes = [before.Routes[0] with { Installed = false }, before.Routes[1]] }));
        Assert.True(Changes(before with { Routes = [before.Routes[0]] }));
    }
}
