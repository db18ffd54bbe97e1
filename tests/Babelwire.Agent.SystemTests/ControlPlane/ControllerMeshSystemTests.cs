using System.Diagnostics;
using System.Net;
using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Shared.Api;
using Babelwire.Testing;

namespace Babelwire.Agent.SystemTests.ControlPlane;

/// <summary>
/// The mission end to end on real parts: a throwaway PostgreSQL, the real controller process, and three real agents
/// in namespaces on a line underlay a — b — c, each configured with nothing but the controller's URL and an
/// enrolment token. They enrol, take their addresses and peers from the controller, route a's traffic to c through
/// b, and keep doing so while the controller and its database are down, across a restart of b's agent.
/// </summary>
public sealed class ControllerMeshSystemTests
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(60);

    // Agents back off up to 60 s (jittered to 75 s) between reconnects while the controller is away.
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(150);

    [Fact(Timeout = 480_000)]
    public async Task Agents_with_only_a_controller_url_and_token_enrol_and_route_a_to_c_through_b_and_keep_routing_while_the_controller_and_its_database_are_down()
    {
        var (agentDll, controllerDll) = Prerequisites.RequireControlPlane();
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var clock = Stopwatch.StartNew();
        void Mark(string what) => output?.WriteLine($"{clock.Elapsed.TotalSeconds,7:F1} s  {what}");

        await using var postgres = await PostgresServer.StartAsync(cancellationToken: ct);
        var connectionString = await postgres.CreateDatabaseAsync("e2e", ct);
        await using var mesh = await ControlledMesh.CreateAsync(agentDll, ct);
        await using var controller = new ControllerProcess(controllerDll, connectionString, mesh.FreeControllerEndpoint());
        var (a, b, c) = (mesh["a"], mesh["b"], mesh["c"]);
        MeshHost[] hosts = [a, b, c];
        string Diagnostics() => mesh.Diagnostics(controller.Process);

        await controller.StartAsync(ct);
        Mark("controller ready");
        var token = await controller.CreateEnrolmentTokenAsync("e2e system test", maxUses: 3, ct);
        foreach (var host in hosts)
        {
            await mesh.StartAgentAsync(host, controller.BaseUri, token, ct);
        }

        Mark("agents started");

        // Every agent enrols, connects, and has the addresses the controller allocated, from the configured ranges.
        var nodes = await Poll.UntilAsync(
            "three nodes enrolled", controller.NodesAsync, n => n.Count == 3, ConvergeTimeout, TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        var status = new Dictionary<MeshHost, ControlledAgentStatus>();
        var nodeOf = new Dictionary<MeshHost, NodeDto>();
        foreach (var host in hosts)
        {
            status[host] = (await Poll.UntilAsync(
                $"{host}'s agent connected with its overlay addresses and two peers", ct => mesh.StatusAsync(host, ct),
                s => s is { IsConnected: true, WireGuard: { Addresses.Count: 2, Peers.Count: 2 } },
                ConvergeTimeout, TimeSpan.FromMilliseconds(250), ct, Diagnostics))!;
            var node = nodes.Single(n => n.PublicKey == status[host].WireGuard!.PublicKey);
            nodeOf[host] = node;
            Assert.Equal(node.Id, status[host].ControlPlane!.NodeId);
            Assert.True(IPNetwork.Parse(ControllerProcess.OverlayIPv6Prefix).Contains(IPAddress.Parse(node.OverlayIPv6)), node.OverlayIPv6);
            Assert.True(IPNetwork.Parse(ControllerProcess.OverlayIPv4Prefix).Contains(IPAddress.Parse(node.OverlayIPv4)), node.OverlayIPv4);
            Assert.Equal(
                new[] { $"{node.OverlayIPv6}/128", $"{node.OverlayIPv4}/32" }.Order(StringComparer.Ordinal),
                status[host].WireGuard!.Addresses.Order(StringComparer.Ordinal));
        }

        Assert.Equal(3, nodes.Select(n => n.OverlayIPv6).Distinct().Count());
        Assert.Equal(3, nodes.Select(n => n.OverlayIPv4).Distinct().Count());
        Mark("three agents enrolled and connected");

        // Each device has exactly the two other nodes as peers, with the keys the controller's peer set carries.
        foreach (var host in hosts)
        {
            var dump = await mesh.DumpAsync(host, ct);
            Assert.Equal(
                hosts.Where(h => h != host).Select(h => nodeOf[h].PublicKey).Order(StringComparer.Ordinal),
                dump.Peers.Select(p => p.PublicKey).Order(StringComparer.Ordinal));
            foreach (var other in hosts.Where(h => h != host))
            {
                // The endpoint is one the other node announced (found on its interfaces, none configured).
                var endpoint = dump.PeerWithKey(nodeOf[other].PublicKey)!.Endpoint;
                Assert.True(endpoint is not null && nodeOf[other].Endpoints.Contains(endpoint), $"{host}'s peer {other} at {endpoint}; {other} announced [{string.Join(", ", nodeOf[other].Endpoints)}]");
            }
        }

        // The underlay is a line: a has no path to c's underlay address; the overlay reaches c through b.
        var underlay = await OverlayProbe.PingAsync(a.Namespace, mesh.Mesh.Link("b", "c").AddressOf(c), ct, count: 1, deadline: TimeSpan.FromSeconds(1));
        Assert.False(underlay.Succeeded, $"a reached c's underlay address directly: {underlay}");
        var cIPv6 = IPAddress.Parse(nodeOf[c].OverlayIPv6);
        var cIPv4 = IPAddress.Parse(nodeOf[c].OverlayIPv4);
        await OverlayProbe.WaitForPingAsync(a.Namespace, cIPv6, ConvergeTimeout, ct, Diagnostics);
        await OverlayProbe.WaitForPingAsync(a.Namespace, cIPv4, ConvergeTimeout, ct, Diagnostics);
        Mark("a pings c's overlay IPv6 and IPv4");
        var aDump = await mesh.DumpAsync(a, ct);
        Assert.Equal(0, aDump.PeerWithKey(nodeOf[c].PublicKey)!.LatestHandshake);
        Assert.Equal(nodeOf[b].PublicKey, aDump.PeerAllowing($"{cIPv6}/128")?.PublicKey);
        Assert.Equal(nodeOf[b].PublicKey, aDump.PeerAllowing($"{cIPv4}/32")?.PublicKey);

        // The controller's view: three nodes online, links a-b and b-c with both sides' costs, a's routes to c via b.
        var id = hosts.ToDictionary(h => h, h => nodeOf[h].Id);
        bool BothSides(IReadOnlyList<LinkDto> links, MeshHost x, MeshHost y) =>
            links.SingleOrDefault(l => (l.NodeA == id[x] && l.NodeB == id[y]) || (l.NodeA == id[y] && l.NodeB == id[x])) is
            { Up: true, FromA: { Cost: > 0 and < 65535 }, FromB: { Cost: > 0 and < 65535 } };
        await Poll.UntilAsync(
            "three nodes online", controller.NodesAsync, n => n.Count == 3 && n.All(x => x.Online), ConvergeTimeout, TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        var links = await Poll.UntilAsync(
            "links a-b and b-c with both sides' costs", controller.LinksAsync, l => BothSides(l, a, b) && BothSides(l, b, c),
            ConvergeTimeout, TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        Assert.False(BothSides(links, a, c), $"a link a-c with both sides' costs over a line underlay: {string.Join("; ", links)}");
        var routes = await Poll.UntilAsync(
            "a's routes to c's overlay addresses via b", controller.RoutesAsync,
            r => new[] { $"{cIPv6}/128", $"{cIPv4}/32" }.All(p => r.Any(x => x.NodeId == id[a] && x.Prefix == p && x.NextHopNodeId == id[b])),
            ConvergeTimeout, TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        Assert.Contains(routes, r => r.NodeId == id[c] && r.Prefix == $"{IPAddress.Parse(nodeOf[a].OverlayIPv6)}/128" && r.NextHopNodeId == id[b]);
        Mark("the REST API shows three nodes online, links a-b and b-c, and a's routes to c via b");

        // The controller and PostgreSQL go away: the mesh keeps routing.
        await controller.StopAsync(ct);
        await postgres.StopAsync();
        Mark("controller and PostgreSQL stopped");
        foreach (var host in hosts)
        {
            await Poll.UntilAsync(
                $"{host}'s agent to notice the controller is gone", ct => mesh.StatusAsync(host, ct), s => s is { IsConnected: false },
                TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        }

        foreach (var address in new[] { cIPv6, cIPv4 })
        {
            var ping = await OverlayProbe.PingAsync(a.Namespace, address, ct);
            Assert.True(ping.Succeeded, $"a could not reach {address} with the controller down: {ping}\n{Diagnostics()}");
        }

        // b's agent restarts while the controller is away: it comes back from its persisted enrolment and peer set.
        await mesh.AgentOf(b).Process.StopAsync(TimeSpan.FromSeconds(10), ct);
        Mark("b's agent stopped");
        await mesh.StartAgentAsync(b, controller.BaseUri, token, ct);
        var bAgain = await Poll.UntilAsync(
            "b's restarted agent with its enrolment and its two peers", ct => mesh.StatusAsync(b, ct),
            s => s is { WireGuard: { Addresses.Count: 2, Peers.Count: 2 } }, ConvergeTimeout, TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        Assert.Equal(id[b], bAgain!.ControlPlane!.NodeId);
        Assert.False(bAgain.IsConnected);
        Assert.Equal(status[b].WireGuard!.Addresses.Order(StringComparer.Ordinal), bAgain.WireGuard!.Addresses.Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { nodeOf[a].PublicKey, nodeOf[c].PublicKey }.Order(StringComparer.Ordinal),
            (await mesh.DumpAsync(b, ct)).Peers.Select(p => p.PublicKey).Order(StringComparer.Ordinal));
        await OverlayProbe.WaitForPingAsync(a.Namespace, cIPv6, ConvergeTimeout, ct, Diagnostics);
        await OverlayProbe.WaitForPingAsync(a.Namespace, cIPv4, ConvergeTimeout, ct, Diagnostics);
        Mark("b's agent restarted without the controller; a pings c through it again");

        // PostgreSQL and the controller come back: every agent reconnects.
        await postgres.RestartAsync(ct);
        await controller.StartAsync(ct);
        Mark("PostgreSQL and controller started again");
        await Poll.UntilAsync(
            "three nodes online again", controller.NodesAsync, n => n.Count == 3 && n.All(x => x.Online), ReconnectTimeout, TimeSpan.FromMilliseconds(500), ct, Diagnostics);
        foreach (var host in hosts)
        {
            await Poll.UntilAsync(
                $"{host}'s agent connected again", ct => mesh.StatusAsync(host, ct), s => s is { IsConnected: true },
                ReconnectTimeout, TimeSpan.FromMilliseconds(500), ct, Diagnostics);
        }

        Mark("every agent reconnected; three nodes online");
        await OverlayProbe.WaitForPingAsync(a.Namespace, cIPv6, ConvergeTimeout, ct, Diagnostics);
    }
}
