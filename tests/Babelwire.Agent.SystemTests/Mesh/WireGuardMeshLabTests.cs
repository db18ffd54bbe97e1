using System.Net;
using System.Net.Sockets;
using Babelwire.Agent.Babel;
using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Agent.SystemTests.Mesh;

/// <summary>
/// The WireGuard mesh lab itself, with no agent: wireguard-go hosts in namespaces relay overlay traffic along the
/// routes they are given, an underlay cut (dropped packets or a downed link) stops it and healing restores it,
/// babeld runs over a point-to-point WireGuard link, and disposing the lab leaves nothing behind.
/// </summary>
public sealed class WireGuardMeshLabTests
{
    private const int TransferBytes = 1 << 20;
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 180_000)]
    public async Task Statically_routed_hosts_relay_ping_and_TCP_from_a_to_e_and_underlay_cuts_stop_it_until_healed()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        foreach (var host in mesh.Hosts)
        {
            await mesh.StartWireGuardAsync(host, ct);
        }

        await MeshStaticRoutes.ProgramAsync(mesh, ct);
        var (a, b, d, e) = (mesh["a"], mesh["b"], mesh["d"], mesh["e"]);
        Assert.Equal(["a", "b", "d", "e"], mesh.ShortestPath(a, e)!.Select(h => h.Name));
        string Diagnostics() => mesh.DescribeWireGuardAsync(CancellationToken.None).GetAwaiter().GetResult() + "\n" + mesh.Lab.Diagnostics();

        await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv6, PingTimeout, ct, Diagnostics);
        await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv4, PingTimeout, ct, Diagnostics);
        foreach (var address in new[] { e.OverlayIPv6, e.OverlayIPv4 })
        {
            var transfer = await OverlayProbe.TcpTransferAsync(a.Namespace, e.Namespace, address, TransferBytes, TransferTimeout, ct);
            Assert.True(transfer.Intact && transfer.Bytes == TransferBytes, $"TCP to {address}: {transfer}");
        }

        // Relayed, not direct: a and e share no underlay link, so they never shook hands; b and d carried the data.
        var aDump = await mesh.WireGuardOf(a).DumpAsync(ct);
        Assert.Equal(0, aDump.PeerWithKey(e.Keys.PublicKey)!.LatestHandshake);
        var bToD = (await mesh.WireGuardOf(b).DumpAsync(ct)).PeerWithKey(d.Keys.PublicKey)!;
        Assert.True(bToD.TransmittedBytes > 2 * TransferBytes, $"b sent only {bToD.TransmittedBytes} octets to d");

        var shortcut = mesh.Link("b", "d");
        await mesh.CutAsync(shortcut, ct);
        var cut = await OverlayProbe.PingAsync(a.Namespace, e.OverlayIPv6, ct, count: 3, deadline: TimeSpan.FromSeconds(2));
        Assert.False(cut.Succeeded, $"ping crossed the cut b-d link: {cut}");
        await mesh.HealAsync(shortcut, ct);
        await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv6, PingTimeout, ct, Diagnostics);

        var last = mesh.Link("d", "e");
        await mesh.SetLinkDownAsync(last, ct);
        var down = await OverlayProbe.PingAsync(a.Namespace, e.OverlayIPv4, ct, count: 3, deadline: TimeSpan.FromSeconds(2));
        Assert.False(down.Succeeded, $"ping crossed the downed d-e link: {down}");
        await mesh.SetLinkUpAsync(last, ct);
        await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv4, PingTimeout, ct, Diagnostics);
    }

    [Fact(Timeout = 120_000)]
    public async Task Rerouted_static_routes_carry_traffic_around_a_cut_shortcut()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.ChainWithShortcutAsync(ct);
        foreach (var host in mesh.Hosts)
        {
            await mesh.StartWireGuardAsync(host, ct);
        }

        var shortcut = mesh.Link("b", "d");
        await mesh.CutAsync(shortcut, ct);
        await MeshStaticRoutes.ProgramAsync(mesh, ct, down: [shortcut]);
        var (a, c, e) = (mesh["a"], mesh["c"], mesh["e"]);
        Assert.Equal(["a", "b", "c", "d", "e"], mesh.ShortestPath(a, e, [shortcut])!.Select(h => h.Name));

        // The convergence check the agent tests rely on: it accepts this state for the cut mesh, and not for a whole one.
        string[] overlay(MeshHost h) => [h.OverlayIPv6Prefix, h.OverlayIPv4Prefix];
        Assert.Empty(await MeshConvergence.DiscrepanciesAsync(mesh, mesh.Hosts.ToList(), [shortcut], overlay, ct));
        var whole = await MeshConvergence.DiscrepanciesAsync(mesh, mesh.Hosts.ToList(), [], overlay, ct);
        Assert.Contains(whole, p => p.StartsWith("b: peer d allows []", StringComparison.Ordinal));
        var withoutC = await MeshConvergence.DiscrepanciesAsync(mesh, mesh.Hosts.Where(h => h != c).ToList(), [shortcut], overlay, ct);
        Assert.Contains(withoutC, p => p.StartsWith($"a: kernel route to {c.OverlayIPv6Prefix} (c) still there", StringComparison.Ordinal));

        await OverlayProbe.WaitForPingAsync(a.Namespace, e.OverlayIPv6, PingTimeout, ct, mesh.Lab.Diagnostics);
        var transfer = await OverlayProbe.TcpTransferAsync(a.Namespace, e.Namespace, e.OverlayIPv4, TransferBytes, TransferTimeout, ct);
        Assert.True(transfer.Intact, $"TCP over four hops: {transfer}");
        var cToD = (await mesh.WireGuardOf(c).DumpAsync(ct)).PeerWithKey(mesh["d"].Keys.PublicKey)!;
        Assert.True(cToD.TransmittedBytes > TransferBytes, $"c relayed only {cToD.TransmittedBytes} octets to d");
    }

    [Fact(Timeout = 120_000)]
    public async Task Two_babelds_over_a_point_to_point_wireguard_go_link_exchange_routes_and_carry_pings()
    {
        Prerequisites.RequireWireGuardGo();
        Prerequisites.RequireBabeld();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.CreateAsync(["a", "b"], [("a", "b")], ct);
        var (a, b) = (mesh["a"], mesh["b"]);
        foreach (var (host, peer) in new[] { (a, b), (b, a) })
        {
            var device = await mesh.StartWireGuardAsync(host, ct, overlayAddresses: false);
            // babeld multicasts its Hellos: ff02::1:6 must map to the one peer. Its routes are not programmed into
            // WireGuard, so the peer's overlay is allowed up front.
            await device.SetAsync(
                ["peer", peer.Keys.PublicKey, "allowed-ips", $"{peer.LabLinkLocal}/128,ff02::1:6/128,{peer.OverlayIPv6Prefix},{peer.OverlayIPv4Prefix}"], ct);
            await NetworkLab.ExecCheckedAsync(host.Namespace, "ip", ["addr", "add", host.OverlayIPv6Prefix, "dev", "lo"], ct);
            await NetworkLab.ExecCheckedAsync(host.Namespace, "ip", ["addr", "add", host.OverlayIPv4Prefix, "dev", "lo"], ct);
            await Babeld.StartAsync(
                mesh.Lab, host.Namespace, host.WireGuardInterface,
                ["redistribute local ip 2001:db8:ff::/64 ge 128 allow", "redistribute local ip 198.18.0.0/24 ge 32 allow", "redistribute local deny", "redistribute deny"],
                ct);
        }

        var routes = await Poll.UntilAsync(
            "babeld in b to install a's overlay addresses through the WireGuard interface",
            token => KernelRouteTable.ReadAsync(b.Namespace, b.WireGuardInterface, token),
            lines => lines.Any(l => l.StartsWith($"{a.OverlayIPv6} via {a.LabLinkLocal}", StringComparison.Ordinal))
                && lines.Any(l => l.StartsWith($"{a.OverlayIPv4} via inet6 {a.LabLinkLocal}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250), ct, mesh.Lab.Diagnostics);
        Assert.Contains(routes, l => l.Contains("proto babel", StringComparison.Ordinal));

        var v6 = await OverlayProbe.WaitForPingAsync(b.Namespace, a.OverlayIPv6, PingTimeout, ct, mesh.Lab.Diagnostics);
        var v4 = await OverlayProbe.WaitForPingAsync(b.Namespace, a.OverlayIPv4, PingTimeout, ct, mesh.Lab.Diagnostics);
        Assert.True(v6.Succeeded && v4.Succeeded);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_babeld_believes_a_forged_neighbour_only_from_a_link_local_source_and_survives_garbage()
    {
        // The injector's positive control: the datagram test 4 sends is one a Babel speaker accepts from a link-local.
        Prerequisites.RequireWireGuardGo();
        Prerequisites.RequireBabeld();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.CreateAsync(["a", "b"], [("a", "b")], ct);
        var (a, b) = (mesh["a"], mesh["b"]);
        await mesh.StartWireGuardAsync(a, ct);
        await mesh.StartWireGuardAsync(b, ct);
        await mesh.WireGuardOf(a).SetAsync(["peer", b.Keys.PublicKey, "allowed-ips", $"{b.LabLinkLocal}/128,ff02::1:6/128"], ct);
        await mesh.WireGuardOf(b).SetAsync(["peer", a.Keys.PublicKey, "allowed-ips", $"{a.LabLinkLocal}/128,{a.OverlayIPv6Prefix}"], ct);
        var babeld = await Babeld.StartAsync(mesh.Lab, b.Namespace, b.WireGuardInterface, BabeldConfig.Redistributing(), ct);
        var target = new IPEndPoint(await BabelInjector.ScopedAsync(a.Namespace, a.WireGuardInterface, b.LabLinkLocal, ct), BabelInjector.BabelPort);
        var routerId = new RouterId(0x0200_5eff_fe00_0a0a);

        await BabelInjector.SendAsync(
            a.Namespace, new IPEndPoint(a.OverlayIPv6, 0), target,
            [BabelInjector.ForgedNeighbourAndRoute(b.LabLinkLocal, "2001:db8:bad::/48", routerId)], ct);
        var garbage = BabelInjector.Garbage(new Random(6696)).ToList();
        var fromLinkLocal = new IPEndPoint(await BabelInjector.ScopedAsync(a.Namespace, a.WireGuardInterface, a.LabLinkLocal, ct), 0);
        await BabelInjector.SendAsync(a.Namespace, fromLinkLocal, target, garbage, ct);
        await BabelInjector.SendAsync(
            a.Namespace, fromLinkLocal, target,
            [.. Enumerable.Range(1, 3).Select(i => BabelInjector.ForgedNeighbourAndRoute(b.LabLinkLocal, "2001:db8:600d::/48", routerId, (ushort)i))], ct);

        var dump = await Poll.UntilAsync(
            "babeld to learn the route sent from a's link-local", babeld.DumpAsync, d => d.Routes.Any(r => r["prefix"] == "2001:db8:600d::/48"),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200), ct, () => babeld.Process.Tail());
        Assert.DoesNotContain(dump.Routes, r => r["prefix"] == "2001:db8:bad::/48");
        Assert.False(babeld.Process.HasExited);

        // The overlay-sourced datagram did cross WireGuard: the same send reaches a plain socket on another port.
        using var listener = NamespaceSockets.Create(b.Namespace, AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        listener.Bind(new IPEndPoint(IPAddress.IPv6Any, BabelInjector.BabelPort + 1));
        var buffer = new byte[2048];
        var received = listener.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.IPv6Any, 0), ct).AsTask();
        await BabelInjector.SendAsync(
            a.Namespace, new IPEndPoint(a.OverlayIPv6, 0), new IPEndPoint(target.Address, BabelInjector.BabelPort + 1),
            [BabelInjector.ForgedNeighbourAndRoute(b.LabLinkLocal, "2001:db8:bad::/48", routerId)], ct);
        var from = (IPEndPoint)(await received.WaitAsync(TimeSpan.FromSeconds(5), ct)).RemoteEndPoint;
        Assert.Equal(a.OverlayIPv6, from.Address);
    }

    [Fact(Timeout = 60_000)]
    public async Task Disposing_a_mesh_lab_stops_wireguard_go_and_removes_its_sockets_and_namespaces()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        var mesh = await WireGuardMeshLab.CreateAsync(["a", "b"], [("a", "b")], ct);
        string[] sockets;
        try
        {
            foreach (var host in mesh.Hosts)
            {
                await mesh.StartWireGuardAsync(host, ct);
            }

            sockets = [.. mesh.Hosts.Select(h => mesh.WireGuardOf(h).SocketPath)];
            Assert.All(sockets, s => Assert.True(File.Exists(s), s));
            Assert.All(mesh.Hosts, h => Assert.True(h.WireGuardInterface.Length <= 15, h.WireGuardInterface));
        }
        finally
        {
            await mesh.DisposeAsync();
        }

        Assert.All(sockets, s => Assert.False(File.Exists(s), $"{s} was left behind"));
        Assert.All(mesh.Lab.Processes, p => Assert.True(p.HasExited, p.Name));
        var left = await Command.CheckedAsync("ip", ["netns", "list"], cancellationToken: ct);
        Assert.DoesNotContain(mesh.Lab.Prefix + "-", left.StandardOutput, StringComparison.Ordinal);
    }
}
