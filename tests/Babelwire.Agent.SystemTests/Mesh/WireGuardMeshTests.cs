using System.Net;
using Babelwire.Agent.Babel;
using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.SystemTests.Mesh;

/// <summary>
/// Issue 3's mesh tests: five hosts a-e, each a namespace with one agent that creates its wireguard-go interface and
/// has the four others as peers, over an underlay that is a chain a-b-c-d-e plus the shortcut b-d. "Converged"
/// means every host's AllowedIPs and kernel routes are exactly what the unique shortest paths demand
/// (<see cref="MeshConvergence"/>); Hellos every 250 ms keep the waits short.
/// </summary>
public sealed class WireGuardMeshTests
{
    private const int TransferBytes = 1 << 20;
    private static readonly TimeSpan HelloInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FirstConvergence = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Reconvergence = TimeSpan.FromSeconds(20);

    /// <summary>
    /// RFC 8966 §3.5.3 route expiry: 3.5 × the update interval (4 × Hello, the agent's default), plus 2 s for the
    /// retractions to cross the mesh and for reading five hosts' tables on a loaded machine.
    /// </summary>
    private static readonly TimeSpan RouteHoldTime = (HelloInterval * 4 * 3.5) + TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task Five_agents_carry_ping_and_TCP_from_a_to_e_over_IPv6_and_IPv4_through_two_relays()
    {
        var agentDll = Prerequisites.RequireWireGuardGoAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        var agents = await StartConvergedAsync(mesh, agentDll, ct);
        var (a, b, d, e) = (mesh["a"], mesh["b"], mesh["d"], mesh["e"]);

        foreach (var address in new[] { e.OverlayIPv6, e.OverlayIPv4 })
        {
            await OverlayProbe.WaitForPingAsync(a.Namespace, address, PingTimeout, ct, () => Describe(mesh, agents));
            var transfer = await OverlayProbe.TcpTransferAsync(a.Namespace, e.Namespace, address, TransferBytes, TransferTimeout, ct);
            Assert.True(transfer.Intact && transfer.Bytes == TransferBytes, $"TCP a → {address}: {transfer}");
            Report($"TCP a → e ({address}): {TransferBytes} octets in {transfer.Elapsed.TotalMilliseconds:F0} ms");
        }

        // Relayed, not direct: a and e share no underlay link and never shook hands; b handed the data to d.
        Assert.Equal(0, (await WireGuardDump.ReadAsync(a.Namespace, a.WireGuardInterface, ct)).PeerWithKey(e.Keys.PublicKey)!.LatestHandshake);
        var bToD = (await WireGuardDump.ReadAsync(b.Namespace, b.WireGuardInterface, ct)).PeerWithKey(d.Keys.PublicKey)!;
        Assert.True(bToD.TransmittedBytes > 2 * TransferBytes, $"b sent only {bToD.TransmittedBytes} octets to d");
    }

    [Fact(Timeout = 150_000)]
    public async Task Cutting_the_shortcut_reroutes_traffic_and_healing_it_brings_traffic_back_to_the_shorter_path()
    {
        var agentDll = Prerequisites.RequireWireGuardGoAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        var agents = await StartConvergedAsync(mesh, agentDll, ct);
        var (a, e) = (mesh["a"], mesh["e"]);
        var shortcut = mesh.Link("b", "d");
        var all = mesh.Hosts.ToList();

        foreach (var byLinkDown in new[] { false, true })
        {
            var how = byLinkDown ? "link down" : "nftables drop";
            if (byLinkDown)
            {
                await mesh.SetLinkDownAsync(shortcut, ct);
            }
            else
            {
                await mesh.CutAsync(shortcut, ct);
            }

            var rerouted = await MeshConvergence.WaitAsync(mesh, all, [shortcut], MeshAgents.AnnouncedBy, Reconvergence, ct, () => Describe(mesh, agents));
            await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv6, PingTimeout, ct, () => Describe(mesh, agents));
            await TransferThroughAsync(mesh, mesh["c"], mesh["d"], $"around the cut ({how})", ct);

            if (byLinkDown)
            {
                await mesh.SetLinkUpAsync(shortcut, ct);
            }
            else
            {
                await mesh.HealAsync(shortcut, ct);
            }

            var returned = await MeshConvergence.WaitAsync(mesh, all, [], MeshAgents.AnnouncedBy, Reconvergence, ct, () => Describe(mesh, agents));
            await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv4, PingTimeout, ct, () => Describe(mesh, agents));
            await TransferThroughAsync(mesh, mesh["b"], mesh["d"], $"over the healed shortcut ({how})", ct);
            Report($"b-d cut by {how}: all routes around it after {rerouted.TotalSeconds:F1} s; back on the shortcut {returned.TotalSeconds:F1} s after the heal");
        }
    }

    [Theory(Timeout = 150_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_killed_agents_prefixes_leave_every_AllowedIPs_and_kernel_table_and_its_restart_makes_the_mesh_whole_with_nothing_stale(
        bool itsWireGuardGoDiesToo)
    {
        var agentDll = Prerequisites.RequireWireGuardGoAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        var agents = await StartConvergedAsync(mesh, agentDll, ct);
        var c = mesh["c"];
        var others = mesh.Hosts.Where(h => h != c).ToList();

        await agents.KillAsync(c, withChildren: itsWireGuardGoDiesToo, ct);
        var gone = await MeshConvergence.WaitAsync(mesh, others, [], MeshAgents.AnnouncedBy, RouteHoldTime, ct, () => Describe(mesh, agents));
        foreach (var host in others)
        {
            var dump = await WireGuardDump.ReadAsync(host.Namespace, host.WireGuardInterface, ct);
            Assert.DoesNotContain(dump.Peers, p => p.AllowedIps.Contains(c.OverlayIPv6Prefix) || p.AllowedIps.Contains(c.OverlayIPv4Prefix));
        }

        await agents.StartAsync(c, ct);
        var whole = await MeshConvergence.WaitAsync(mesh, mesh.Hosts.ToList(), [], MeshAgents.AnnouncedBy, FirstConvergence, ct, () => Describe(mesh, agents));
        await OverlayProbe.WaitForPingAsync(mesh["a"].Namespace, c.OverlayIPv6, PingTimeout, ct, () => Describe(mesh, agents));
        await OverlayProbe.WaitForPingAsync(c.Namespace, mesh["e"].OverlayIPv4, PingTimeout, ct, () => Describe(mesh, agents));
        Report($"c's agent killed{(itsWireGuardGoDiesToo ? " with" : ", not")} its wireguard-go: its prefixes gone from every other host after {gone.TotalSeconds:F1} s; mesh whole {whole.TotalSeconds:F1} s after restart");
    }

    [Fact(Timeout = 120_000)]
    public async Task Babel_packets_not_from_a_peers_link_local_are_dropped_and_garbage_on_port_6696_changes_no_route_and_crashes_nothing()
    {
        var agentDll = Prerequisites.RequireWireGuardGoAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        var agents = await StartConvergedAsync(mesh, agentDll, ct);
        var (a, b) = (mesh["a"], mesh["b"]);
        var routerId = new RouterId(0x0200_5eff_fe00_bad0);
        const string Forged = "2001:db8:bad::/48";
        var bLinkLocal = await MeshAgents.LinkLocalOfAsync(b, ct);
        var aLinkLocal = await MeshAgents.LinkLocalOfAsync(a, ct);
        var toB = new IPEndPoint(await BabelInjector.ScopedAsync(a.Namespace, a.WireGuardInterface, bLinkLocal, ct), BabelInjector.BabelPort);
        var forged = BabelInjector.ForgedNeighbourAndRoute(bLinkLocal, Forged, routerId);
        var before = await agents[b].CountersAsync(ct);

        // Through WireGuard from a's overlay address (a global source b's AllowedIPs accept from a).
        await BabelInjector.SendAsync(a.Namespace, new IPEndPoint(a.OverlayIPv6, 0), toB, [forged, forged, forged], ct);
        // Over the underlay veth, link-local to link-local, but not on the WireGuard interface.
        var underlay = mesh.Link("a", "b");
        var aVeth = await LinkLocalOnAsync(a.Namespace, underlay.InterfaceOf(a), ct);
        var bVeth = await LinkLocalOnAsync(b.Namespace, underlay.InterfaceOf(b), ct);
        var vethIndex = await BabelInjector.InterfaceIndexAsync(a.Namespace, underlay.InterfaceOf(a), ct);
        await BabelInjector.SendAsync(
            a.Namespace, new IPEndPoint(new IPAddress(aVeth.GetAddressBytes(), vethIndex), 0),
            new IPEndPoint(new IPAddress(bVeth.GetAddressBytes(), vethIndex), BabelInjector.BabelPort), [forged, forged, forged], ct);
        // Garbage from the peer's own link-local: the one source that is let through.
        var fromPeer = new IPEndPoint(await BabelInjector.ScopedAsync(a.Namespace, a.WireGuardInterface, aLinkLocal, ct), 0);
        await BabelInjector.SendAsync(a.Namespace, fromPeer, toB, BabelInjector.Garbage(new Random(6696)), ct);

        // Several update intervals later nothing has changed, anywhere, and every agent still runs.
        await Task.Delay(HelloInterval * 16, ct);
        Assert.All(mesh.Hosts, h => Assert.False(agents[h].Process.HasExited, agents[h].Process.Tail()));
        var after = await agents[b].CountersAsync(ct);
        long Grew(string counter) => after.GetValueOrDefault(counter) - before.GetValueOrDefault(counter);
        Report($"b dropped {Grew("droppedNotLinkLocal")} not link-local, {Grew("droppedUnknownInterface")} from the underlay, rejected {Grew("decode.packetsRejected")} malformed");
        Assert.True(Grew("droppedNotLinkLocal") >= 3, $"the overlay-sourced datagrams were not counted as dropped: {Grew("droppedNotLinkLocal")}");
        Assert.True(Grew("droppedUnknownInterface") >= 3, $"the underlay datagrams were not counted as dropped: {Grew("droppedUnknownInterface")}");
        Assert.True(Grew("decode.packetsRejected") >= 6, $"the malformed datagrams were not counted as rejected: {Grew("decode.packetsRejected")}");
        Assert.Empty(await MeshConvergence.DiscrepanciesAsync(mesh, mesh.Hosts.ToList(), [], MeshAgents.AnnouncedBy, ct));
        foreach (var host in mesh.Hosts)
        {
            var dump = await WireGuardDump.ReadAsync(host.Namespace, host.WireGuardInterface, ct);
            Assert.DoesNotContain(dump.Peers, p => p.AllowedIps.Contains(Forged));
            Assert.DoesNotContain(Forged, KernelRouteTable.Destinations(await KernelRouteTable.ReadAsync(host.Namespace, host.WireGuardInterface, ct)));
        }

        await OverlayProbe.WaitForPingAsync(a.Namespace, mesh["e"].OverlayIPv6, PingTimeout, ct, () => Describe(mesh, agents));

        // Control: the same kind of Update from the peer's link-local is believed, so the drops above were real drops.
        const string Believed = "2001:db8:600d::/48";
        await BabelInjector.SendAsync(a.Namespace, fromPeer, toB, [BabelInjector.ForgedRoute(Believed, routerId)], ct);
        await Poll.UntilAsync(
            $"b to route {Believed} through a", async token => (await WireGuardDump.ReadAsync(b.Namespace, b.WireGuardInterface, token)).PeerWithKey(a.Keys.PublicKey),
            peer => peer?.AllowedIps.Contains(Believed) == true, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200), ct, () => Describe(mesh, agents));
    }

    [Fact(Timeout = 120_000)]
    public async Task Agents_adopting_interfaces_set_up_with_wg_route_the_mesh_and_a_stopped_agent_takes_back_only_its_own_entries()
    {
        var agentDll = Prerequisites.RequireWireGuardGoAndAgent();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        foreach (var host in mesh.Hosts)
        {
            // As wg-quick would leave it: key, port, peers with endpoints, each peer allowing fe80::N/128 (not the agent's).
            await mesh.StartWireGuardAsync(host, ct, overlayAddresses: false, linkLocal: LinkLocalAddress.FromPublicKey(WireGuardKey.Parse(host.Keys.PublicKey)));
        }

        var agents = await StartConvergedAsync(mesh, agentDll, ct, adopt: true);
        var (a, e) = (mesh["a"], mesh["e"]);
        await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv6, PingTimeout, ct, () => Describe(mesh, agents));
        await OverlayProbe.WaitForPingAsync(e.Namespace, a.OverlayIPv4, PingTimeout, ct, () => Describe(mesh, agents));

        await agents.StopAsync(a, ct);
        Assert.False(mesh.WireGuardOf(a).Process.HasExited, "the adopted interface's wireguard-go went down with the agent");
        var dump = await WireGuardDump.ReadAsync(a.Namespace, a.WireGuardInterface, ct);
        foreach (var peer in mesh.Hosts.Where(h => h != a))
        {
            var allowed = dump.PeerWithKey(peer.Keys.PublicKey)?.AllowedIps ?? new HashSet<string>();
            Assert.Contains($"{peer.LabLinkLocal}/128", allowed);
            Assert.Empty(MeshConvergence.RoutedPrefixes(allowed));
        }

        var routes = KernelRouteTable.Destinations(await KernelRouteTable.ReadAsync(a.Namespace, a.WireGuardInterface, ct));
        Assert.DoesNotContain(routes, r => mesh.Hosts.Where(h => h != a).SelectMany(MeshAgents.AnnouncedBy).Contains(r));
        var others = mesh.Hosts.Where(h => h != a).ToList();
        var gone = await MeshConvergence.WaitAsync(mesh, others, [], MeshAgents.AnnouncedBy, RouteHoldTime, ct, () => Describe(mesh, agents));
        Report($"a's agent stopped: its prefixes gone from every other host after {gone.TotalSeconds:F1} s");
    }

    private static async Task<MeshAgents> StartConvergedAsync(WireGuardMeshLab mesh, string agentDll, CancellationToken cancellationToken, bool adopt = false)
    {
        var agents = new MeshAgents(mesh, agentDll, HelloInterval, adopt);
        await agents.StartAllAsync(cancellationToken);
        var took = await MeshConvergence.WaitAsync(
            mesh, mesh.Hosts.ToList(), [], MeshAgents.AnnouncedBy, FirstConvergence, cancellationToken, () => Describe(mesh, agents));
        Report($"five agents converged {took.TotalSeconds:F1} s after the last one started");
        return agents;
    }

    /// <summary>Sends <see cref="TransferBytes"/> from a to e over IPv4 and checks that <paramref name="relay"/> handed them to <paramref name="next"/>.</summary>
    private static async Task TransferThroughAsync(WireGuardMeshLab mesh, MeshHost relay, MeshHost next, string what, CancellationToken cancellationToken)
    {
        async Task<long> SentAsync() =>
            (await WireGuardDump.ReadAsync(relay.Namespace, relay.WireGuardInterface, cancellationToken)).PeerWithKey(next.Keys.PublicKey)!.TransmittedBytes;

        var before = await SentAsync();
        var (a, e) = (mesh["a"], mesh["e"]);
        var transfer = await OverlayProbe.TcpTransferAsync(a.Namespace, e.Namespace, e.OverlayIPv4, TransferBytes, TransferTimeout, cancellationToken);
        Assert.True(transfer.Intact, $"TCP a → e {what}: {transfer}");
        var relayed = await SentAsync() - before;
        Assert.True(relayed > TransferBytes, $"TCP a → e {what}: {relay} handed only {relayed} octets to {next}");
    }

    private static async Task<IPAddress> LinkLocalOnAsync(NetNamespace ns, string interfaceName, CancellationToken cancellationToken)
    {
        var result = await NetworkLab.ExecCheckedAsync(ns, "ip", ["-6", "-o", "addr", "show", "dev", interfaceName, "scope", "link"], cancellationToken);
        var address = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(t => t != "inet6").ElementAt(1);
        return IPAddress.Parse(address.Split('/')[0]);
    }

    private static string Describe(WireGuardMeshLab mesh, MeshAgents agents) =>
        mesh.DescribeWireGuardAsync(CancellationToken.None).GetAwaiter().GetResult() + "\n" + agents.Diagnostics();

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
