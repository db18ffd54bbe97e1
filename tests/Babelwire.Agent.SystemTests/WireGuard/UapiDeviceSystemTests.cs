using Babelwire.Agent.SystemTests.Infrastructure;
using System.Diagnostics;
using System.Net;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.SystemTests.WireGuard;

/// <summary>The UAPI device and the wg-tool device against a real wireguard-go in a network namespace.</summary>
public sealed class UapiDeviceSystemTests
{
    [Fact(Timeout = 120_000)]
    public async Task What_is_applied_reads_back_the_same_over_the_uapi_and_through_wg_show_dump()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var ns = await lab.AddNamespaceAsync("w", ct);
        await using var wireguard = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), ns.Name, cancellationToken: ct);
        await using var device = new UapiWireGuardDevice(wireguard.InterfaceName);
        var privateKey = WireGuardKey.GeneratePrivateKey();
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var b = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var desired = new DeviceConfig([
            new PeerConfig(a, Prefixes(LinkLocalAddress.FromPublicKey(a) + "/128", "198.18.1.0/24", "2001:db8:1::/48"),
                IPEndPoint.Parse("192.0.2.1:51820"), TimeSpan.FromSeconds(25)),
            new PeerConfig(b, Prefixes(LinkLocalAddress.FromPublicKey(b) + "/128"), IPEndPoint.Parse("[2001:db8::2]:51821")),
        ])
        { PrivateKey = privateKey, ListenPort = 51820 };

        await device.ApplyAsync(desired, ct);
        var state = await device.ReadAsync(ct);
        var dumped = await new WgToolWireGuardDevice(wireguard.InterfaceName).ReadAsync(ct);

        Assert.Equal(privateKey.DerivePublicKey(), state.PublicKey);
        Assert.Equal(51820, state.ListenPort);
        foreach (var peer in desired.Peers)
        {
            var read = state.Peers.Single(p => p.PublicKey == peer.PublicKey);
            Assert.Equal(peer.AllowedIps, read.AllowedIps);
            Assert.Equal(peer.Endpoint, read.Endpoint);
            Assert.Equal(peer.PersistentKeepalive, read.PersistentKeepalive);
            Assert.Null(read.LastHandshake);
            var viaWg = dumped.Peers.Single(p => p.PublicKey == peer.PublicKey);
            Assert.Equal(read.AllowedIps, viaWg.AllowedIps);
            Assert.Equal(read.Endpoint, viaWg.Endpoint);
            Assert.Equal(read.PersistentKeepalive, viaWg.PersistentKeepalive);
        }

        Assert.Equal(state.PublicKey, dumped.PublicKey);
        Assert.Equal(1, device.ApplyTransactions);
        await device.ApplyAsync(desired, ct);
        Assert.Equal(1, device.ApplyTransactions);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_probe_finds_what_the_installed_wireguard_go_supports_and_removals_come_out_right_either_way()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        var version = await WireGuardPrerequisites.WireGuardGoVersionAsync(ct);
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var ns = await lab.AddNamespaceAsync("w", ct);
        await using var wireguard = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), ns.Name, cancellationToken: ct);
        await using var device = new UapiWireGuardDevice(wireguard.InterfaceName);
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var b = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        await device.ApplyAsync(Config((a, ["198.18.0.0/24", "198.18.1.0/24", "198.18.2.0/24"]), (b, ["198.18.9.0/24"])), ct);

        await device.ApplyAsync(Config((a, ["198.18.0.0/24", "198.18.2.0/24"]), (b, ["198.18.9.0/24"])), ct);
        var afterOne = await device.ReadAsync(ct);
        await device.ApplyAsync(Config((a, []), (b, ["198.18.9.0/24"])), ct);
        var afterAll = await device.ReadAsync(ct);

        // Single-entry removal arrived in wireguard-go 0.0.20250522 (docs/babel-notes.md §5).
        var expected = version >= new Version(0, 0, 20250522) ? AllowedIpRemoval.Incremental : AllowedIpRemoval.Replace;
        Assert.Equal(expected, device.Removal);
        Assert.Equal(Prefixes("198.18.0.0/24", "198.18.2.0/24"), afterOne.Peers.Single(p => p.PublicKey == a).AllowedIps);
        Assert.Empty(afterAll.Peers.Single(p => p.PublicKey == a).AllowedIps);
        Assert.Equal(Prefixes("198.18.9.0/24"), afterAll.Peers.Single(p => p.PublicKey == b).AllowedIps);
        Assert.Equal(2, afterAll.Peers.Count);
        Assert.Equal(expected == AllowedIpRemoval.Replace ? 1 : 0, device.LastPlan.Peers.Count(p => p.ReplaceAllowedIps));
        TestContext.Current.TestOutputHelper?.WriteLine($"wireguard-go {version}: allowed IP removal by {device.Removal}");
    }

    [Fact(Timeout = 120_000)]
    public async Task Ten_thousand_prefixes_go_in_one_transaction_and_read_back_whole()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var ns = await lab.AddNamespaceAsync("w", ct);
        await using var wireguard = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), ns.Name, cancellationToken: ct);
        await using var device = new UapiWireGuardDevice(wireguard.InterfaceName, removal: AllowedIpRemoval.Replace);
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var b = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var table = Enumerable.Range(0, 10_000).Select(i => IPNetwork.Parse($"2001:db8:{i / 256:x}:{i % 256:x}::/64")).ToArray();
        await device.ReadAsync(ct);

        var clock = Stopwatch.StartNew();
        await device.ApplyAsync(new DeviceConfig([new PeerConfig(a, table[..5_000].ToHashSet()), new PeerConfig(b, table[5_000..].ToHashSet())]), ct);
        var elapsed = clock.Elapsed;
        var state = await device.ReadAsync(ct);

        // A second batch, with the code paths warm: the figure the benchmark cares about.
        var c = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var second = Enumerable.Range(0, 10_000).Select(i => IPNetwork.Parse($"2001:db8:1{i / 256:x}:{i % 256:x}::/64")).ToHashSet();
        clock.Restart();
        await device.ApplyAsync(new DeviceConfig([new PeerConfig(c, second)]), ct);
        var warm = clock.Elapsed;
        var after = await device.ReadAsync(ct);

        Assert.Equal(2, device.ApplyTransactions);
        Assert.Equal(table.ToHashSet(), state.Peers.SelectMany(p => p.AllowedIps).ToHashSet());
        Assert.Equal(5_000, state.Peers.Single(p => p.PublicKey == a).AllowedIps.Count);
        Assert.Equal(second, after.Peers.Single(p => p.PublicKey == c).AllowedIps);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10,000 prefixes in one transaction: first {elapsed.TotalMilliseconds:F1} ms, warm {warm.TotalMilliseconds:F1} ms ({10_000 / warm.TotalSeconds:F0} prefixes/s)");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_moved_prefix_is_one_line_to_the_peer_that_gains_it_and_leaves_the_other_peer()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var ns = await lab.AddNamespaceAsync("w", ct);
        await using var wireguard = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), ns.Name, cancellationToken: ct);
        await using var device = new UapiWireGuardDevice(wireguard.InterfaceName);
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var b = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        await device.ApplyAsync(Config((a, ["fd00::a/128", "198.18.5.0/24"]), (b, ["fd00::b/128"])), ct);

        await device.ApplyAsync(Config((a, ["fd00::a/128"]), (b, ["fd00::b/128", "198.18.5.0/24"])), ct);
        var state = await device.ReadAsync(ct);

        var change = Assert.Single(device.LastPlan.Peers);
        Assert.Equal(b, change.PublicKey);
        Assert.Equal([IPNetwork.Parse("198.18.5.0/24")], change.AddedAllowedIps);
        Assert.Null(device.Removal);
        Assert.Equal(Prefixes("fd00::a/128"), state.Peers.Single(p => p.PublicKey == a).AllowedIps);
        Assert.Equal(Prefixes("fd00::b/128", "198.18.5.0/24"), state.Peers.Single(p => p.PublicKey == b).AllowedIps);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_wg_tool_device_applies_and_reads_back_including_a_list_too_long_for_a_command_line()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var ns = await lab.AddNamespaceAsync("w", ct);
        await using var wireguard = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), ns.Name, cancellationToken: ct);
        var device = new WgToolWireGuardDevice(wireguard.InterfaceName);
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var b = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var c = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var privateKey = WireGuardKey.GeneratePrivateKey();
        var big = Enumerable.Range(0, 10_000).Select(i => $"2001:db8:{i / 256:x}:{i % 256:x}::/64").ToArray();

        await device.ApplyAsync(Config((a, ["198.18.0.0/24", "198.18.1.0/24"]), (b, ["198.18.9.0/24"])) with
        {
            PrivateKey = privateKey,
            ListenPort = 51999,
        }, ct);
        await device.ApplyAsync(Config((a, ["198.18.0.0/24"]), (c, big)) with { RemoveOtherPeers = true }, ct);
        await device.ApplyAsync(Config((a, ["198.18.0.0/24"]), (c, big), (b, [])), ct);
        await device.ApplyAsync(Config((a, ["198.18.0.0/24"]), (c, big), (b, ["198.18.9.0/24"])), ct);
        await device.ApplyAsync(Config((a, ["198.18.0.0/24"]), (c, big), (b, [])), ct);
        var state = await device.ReadAsync(ct);
        var viaUapi = await new UapiWireGuardDevice(wireguard.InterfaceName).ReadAsync(ct);

        Assert.Equal(privateKey.DerivePublicKey(), state.PublicKey);
        Assert.Equal(51999, state.ListenPort);
        Assert.Equal(Prefixes("198.18.0.0/24"), state.Peers.Single(p => p.PublicKey == a).AllowedIps);
        Assert.Equal(Prefixes(big), state.Peers.Single(p => p.PublicKey == c).AllowedIps);
        Assert.Empty(state.Peers.Single(p => p.PublicKey == b).AllowedIps);
        Assert.Equal(state.Peers.Count, viaUapi.Peers.Count);
        Assert.Equal(6, device.ApplyCommands);
    }

    private static DeviceConfig Config(params (WireGuardKey Key, string[] Prefixes)[] peers) =>
        new([.. peers.Select(p => new PeerConfig(p.Key, Prefixes(p.Prefixes)))]);

    private static HashSet<IPNetwork> Prefixes(params string[] prefixes) => [.. prefixes.Select(IPNetwork.Parse)];
}
