using System.Net;
using Babelwire.Controller.Services.Topology;
using Babelwire.Controller.Tests.Infrastructure;
using static Babelwire.Controller.Tests.Topology.TopologyTestExtensions;

namespace Babelwire.Controller.Tests.Topology;

public sealed class TopologyStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Full_report_then_deltas_are_exactly_what_the_api_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("topology", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();
        var nodes = await TestNode.CreateAsync(controller, 3, ct);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var sink = controller.Sink();

        Assert.False((await sink.AcceptFullAsync(a.Id, Full(0,
            [b.AsNeighbour(96, 1.5), c.AsNeighbour(256)],
            [b.AsNextHopTo(b, 96), c.AsNextHopTo(c, 256)],
            [b.AsPeer(1000, 2000), c.AsPeer(10, 20)]), ct)).ResyncRequired);
        Assert.False((await sink.AcceptFullAsync(b.Id, Full(0, [a.AsNeighbour(100)]), ct)).ResyncRequired);

        var links = await client.GetLinksAsync("", ct);
        Assert.Equal(2, links.Count);
        var ab = Assert.Single(links, l => Pair(l.NodeA, l.NodeB) == Pair(a.Id, b.Id));
        Assert.Equal(96, (ab.NodeA == a.Id ? ab.FromA : ab.FromB)!.Cost);
        Assert.Equal(1.5, (ab.NodeA == a.Id ? ab.FromA : ab.FromB)!.RttMilliseconds);
        Assert.Equal(100, (ab.NodeA == b.Id ? ab.FromA : ab.FromB)!.Cost);
        Assert.True(ab.Up);
        Assert.True(ab.NodeA.CompareTo(ab.NodeB) < 0);
        var ac = Assert.Single(links, l => Pair(l.NodeA, l.NodeB) == Pair(a.Id, c.Id));
        Assert.Null(ac.NodeA == c.Id ? ac.FromA : ac.FromB);
        Assert.Equal(256, (ac.NodeA == a.Id ? ac.FromA : ac.FromB)!.Cost);

        var routes = await client.GetRoutesAsync($"?node={a.Id}", ct);
        Assert.Equal([(b.HostRouteV6, b.Id, 96), (c.HostRouteV6, c.Id, 256)],
            routes.Select(r => (r.Prefix, r.NextHopNodeId!.Value, r.Metric)).OrderBy(r => r.Prefix, StringComparer.Ordinal));

        // Deltas: the link to C goes, C is now reached through B, counters move.
        Assert.False((await sink.AcceptDeltaAsync(a.Id, Delta(1, neighboursRemoved: [c.LinkLocal], routes: [b.AsNextHopTo(c, 352)]), ct)).ResyncRequired);
        Assert.False((await sink.AcceptDeltaAsync(a.Id, Delta(2, peers: [b.AsPeer(5000, 6000)], peersRemoved: [c.PublicKey]), ct)).ResyncRequired);

        links = await client.GetLinksAsync($"?node={c.Id}", ct);
        Assert.Empty(links);
        links = await client.GetLinksAsync($"?node={a.Id}", ct);
        Assert.Equal(Pair(a.Id, b.Id), Pair(Assert.Single(links).NodeA, links[0].NodeB));

        var toC = Assert.Single(await client.GetRoutesAsync($"?node={a.Id}&prefix={c.OverlayIPv6}", ct));
        Assert.Equal((b.Id, b.LinkLocal, 352, true), (toC.NextHopNodeId!.Value, toC.NextHop, toC.Metric, toC.Installed));
        Assert.Equal(2, (await client.GetRoutesAsync("?prefix=fd00:b:1::/48", ct)).Count);
        Assert.Empty(await client.GetRoutesAsync("?prefix=2001:db8::/32", ct));

        var peers = await client.GetPeersAsync(a.Id, ct);
        Assert.False(peers.Stale);
        var peer = Assert.Single(peers.Peers);
        Assert.Equal((b.PublicKey, b.Id, 5000L, 6000L, "192.0.2.1:51820"), (peer.PublicKey, peer.PeerNodeId!.Value, peer.ReceivedBytes, peer.SentBytes, peer.Endpoint));
    }

    [Fact]
    public async Task A_sequence_gap_requires_a_resync_and_applies_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("topology", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();
        var nodes = await TestNode.CreateAsync(controller, 3, ct);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var sink = controller.Sink();

        // Before any full report on this connection, a delta cannot be applied.
        Assert.True((await sink.AcceptDeltaAsync(a.Id, Delta(1, neighbours: [c.AsNeighbour(96)]), ct)).ResyncRequired);
        Assert.Empty(await client.GetLinksAsync("", ct));

        await sink.AcceptFullAsync(a.Id, Full(5, [b.AsNeighbour(96)]), ct);
        Assert.True((await sink.AcceptDeltaAsync(a.Id, Delta(7, neighbours: [c.AsNeighbour(96)]), ct)).ResyncRequired);
        Assert.True((await sink.AcceptDeltaAsync(a.Id, Delta(5, neighboursRemoved: [b.LinkLocal]), ct)).ResyncRequired);
        var only = Assert.Single(await client.GetLinksAsync("", ct));
        Assert.Equal(Pair(a.Id, b.Id), (only.NodeA, only.NodeB));

        Assert.False((await sink.AcceptDeltaAsync(a.Id, Delta(6, neighbours: [c.AsNeighbour(96)]), ct)).ResyncRequired);
        Assert.Equal(2, (await client.GetLinksAsync("", ct)).Count);

        // A disconnect ends the connection's sequence: the next delta needs a full report first.
        await sink.NodeDisconnectedAsync(a.Id, ct);
        Assert.True((await sink.AcceptDeltaAsync(a.Id, Delta(7, neighboursRemoved: [c.LinkLocal]), ct)).ResyncRequired);
        Assert.Equal(2, (await client.GetLinksAsync("", ct)).Count);
        Assert.True((await client.GetPeersAsync(a.Id, ct)).Stale);
    }

    [Fact]
    public async Task Malformed_items_are_rejected_with_a_clear_error_and_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("topology", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();
        var nodes = await TestNode.CreateAsync(controller, 3, ct);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var sink = controller.Sink();
        await sink.AcceptFullAsync(a.Id, Full(0, [b.AsNeighbour(96)], [b.AsNextHopTo(b, 96)]), ct);

        var badPrefix = await Assert.ThrowsAsync<InvalidAgentStateException>(() => sink.AcceptFullAsync(a.Id, Full(0,
            [c.AsNeighbour(96)], [c.AsNextHopTo(c, 96) with { Prefix = "fd00:b:1::3/64" }]), ct).AsTask());
        Assert.Contains("routes[0].prefix 'fd00:b:1::3/64' is not a prefix", badPrefix.Message);

        var badCost = await Assert.ThrowsAsync<InvalidAgentStateException>(() => sink.AcceptDeltaAsync(a.Id,
            Delta(1, neighbours: [c.AsNeighbour(70000)], routes: [c.AsNextHopTo(c, 96)]), ct).AsTask());
        Assert.Contains("neighboursUpserted[0].cost 70000 is outside 0..65535", badCost.Message);

        var badItems = await Assert.ThrowsAsync<InvalidAgentStateException>(() => sink.AcceptDeltaAsync(a.Id, Delta(1,
            neighbours: [c.AsNeighbour(96) with { Address = "not-an-address", Interface = new string('x', 16) }],
            routesRemoved: ["fd00:b:1::zz/128"],
            peers: [c.AsPeer(-1, 0) with { PublicKey = "short" }]), ct).AsTask());
        Assert.Contains("neighboursUpserted[0].address 'not-an-address' is not an IP address", badItems.Message);
        Assert.Contains("neighboursUpserted[0].interface", badItems.Message);
        Assert.Contains("routesRemoved[0]", badItems.Message);
        Assert.Contains("peersUpserted[0].publicKey is not a base64 Curve25519 key", badItems.Message);

        await Assert.ThrowsAsync<InvalidAgentStateException>(() => sink.AcceptFullAsync(a.Id, Full(1, [b.AsNeighbour(96), b.AsNeighbour(50)]), ct).AsTask());

        // Nothing changed, and the sequence did not move: delta 1 is still the next one.
        var link = Assert.Single(await client.GetLinksAsync("", ct));
        Assert.Equal(96, (link.FromA ?? link.FromB)!.Cost);
        Assert.Equal(b.HostRouteV6, Assert.Single(await client.GetRoutesAsync("", ct)).Prefix);
        Assert.False((await sink.AcceptDeltaAsync(a.Id, Delta(1, neighbours: [c.AsNeighbour(128)]), ct)).ResyncRequired);
        Assert.Equal(2, (await client.GetLinksAsync("", ct)).Count);
    }

    [Fact]
    public async Task Api_rejects_a_malformed_prefix_filter_and_an_unknown_node_with_problem_details()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var controller = new ControllerFactory(await postgres.Server.CreateDatabaseAsync("topology", ct));
        controller.Start();
        using var client = controller.CreateAdminClient();
        var node = (await TestNode.CreateAsync(controller, 1, ct))[0];

        using var badPrefix = await client.GetAsync("/api/v1/routes?prefix=fd00::1/64", ct);
        using var unknownNode = await client.GetAsync($"/api/v1/nodes/{Guid.NewGuid()}/peers", ct);
        using var badKind = await client.GetAsync("/api/v1/events?kind=nonsense", ct);
        using var anonymous = await controller.CreateClient().GetAsync("/api/v1/links", ct);
        var silent = await client.GetPeersAsync(node.Id, ct);

        Assert.Equal(HttpStatusCode.BadRequest, badPrefix.StatusCode);
        Assert.Equal("application/problem+json", badPrefix.Content.Headers.ContentType?.MediaType);
        Assert.Contains("prefix", await badPrefix.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.NotFound, unknownNode.StatusCode);
        Assert.Contains("Node not found", await unknownNode.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(silent.Peers);
    }

    private static (Guid, Guid) Pair(Guid x, Guid y) => x.CompareTo(y) < 0 ? (x, y) : (y, x);
}
