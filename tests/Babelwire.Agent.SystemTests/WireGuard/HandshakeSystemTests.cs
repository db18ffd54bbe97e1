using Babelwire.Agent.SystemTests.Infrastructure;
using System.Net;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.SystemTests.WireGuard;

/// <summary>Two wireguard-go interfaces in two namespaces over a veth underlay, configured only through the UAPI device.</summary>
public sealed class HandshakeSystemTests
{
    [Fact(Timeout = 120_000)]
    public async Task After_a_ping_both_devices_report_a_handshake_and_traffic_both_ways()
    {
        Prerequisites.RequireWireGuardGo();
        var ct = TestContext.Current.CancellationToken;
        await using var lab = await NetworkLab.CreateAsync("bwt", ct);
        var left = await lab.AddNamespaceAsync("l", ct);
        var right = await lab.AddNamespaceAsync("r", ct);
        await lab.AddVethAsync(left, "ul", right, "ur", ct);
        await NetworkLab.ExecCheckedAsync(left, "ip", ["addr", "add", "192.0.2.1/24", "dev", "ul"], ct);
        await NetworkLab.ExecCheckedAsync(right, "ip", ["addr", "add", "192.0.2.2/24", "dev", "ur"], ct);
        await using var wgLeft = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), left.Name, cancellationToken: ct);
        await using var wgRight = await WireGuardGoProcess.StartAsync(WireGuardPrerequisites.UniqueInterfaceName(), right.Name, cancellationToken: ct);
        await using var deviceLeft = new UapiWireGuardDevice(wgLeft.InterfaceName);
        await using var deviceRight = new UapiWireGuardDevice(wgRight.InterfaceName);
        var keyLeft = WireGuardKey.GeneratePrivateKey();
        var keyRight = WireGuardKey.GeneratePrivateKey();
        var linkLocalLeft = LinkLocalAddress.FromPublicKey(keyLeft.DerivePublicKey());
        var linkLocalRight = LinkLocalAddress.FromPublicKey(keyRight.DerivePublicKey());

        await deviceLeft.ApplyAsync(new DeviceConfig([
            new PeerConfig(keyRight.DerivePublicKey(), Prefixes($"{linkLocalRight}/128", "198.18.0.2/32"), IPEndPoint.Parse("192.0.2.2:51822")),
        ]) { PrivateKey = keyLeft, ListenPort = 51821 }, ct);
        await deviceRight.ApplyAsync(new DeviceConfig([
            new PeerConfig(keyLeft.DerivePublicKey(), Prefixes($"{linkLocalLeft}/128", "198.18.0.1/32"), IPEndPoint.Parse("192.0.2.1:51821")),
        ]) { PrivateKey = keyRight, ListenPort = 51822 }, ct);
        await BringUpAsync(left, wgLeft.InterfaceName, "198.18.0.1", linkLocalLeft, "198.18.0.2", ct);
        await BringUpAsync(right, wgRight.InterfaceName, "198.18.0.2", linkLocalRight, "198.18.0.1", ct);

        var ping = await NetworkLab.ExecAsync(left, "ping", ["-c", "3", "-i", "0.2", "-W", "5", "198.18.0.2"], ct, TimeSpan.FromSeconds(20));
        var ping6 = await NetworkLab.ExecAsync(left, "ping", ["-6", "-c", "1", "-W", "5", $"{linkLocalRight}%{wgLeft.InterfaceName}"], ct, TimeSpan.FromSeconds(20));
        var stateLeft = await deviceLeft.ReadAsync(ct);
        var stateRight = await deviceRight.ReadAsync(ct);

        Assert.True(ping.Succeeded, ping.ToString());
        Assert.True(ping6.Succeeded, ping6.ToString());
        var peerOfLeft = Assert.Single(stateLeft.Peers);
        var peerOfRight = Assert.Single(stateRight.Peers);
        var now = DateTimeOffset.UtcNow;
        foreach (var peer in new[] { peerOfLeft, peerOfRight })
        {
            Assert.NotNull(peer.LastHandshake);
            Assert.InRange(peer.LastHandshake.Value, now.AddMinutes(-1), now.AddSeconds(5));
            Assert.True(peer.ReceivedBytes > 0 && peer.TransmittedBytes > 0, $"rx {peer.ReceivedBytes}, tx {peer.TransmittedBytes}");
        }

        // What one side sent is what the other received (both count whole encrypted datagrams): rx and tx are not
        // swapped. Read again, bounded, in case a keepalive was in flight between the two reads.
        await Poll.UntilAsync(
            "left's tx to equal right's rx",
            async token => ((await deviceLeft.ReadAsync(token)).Peers[0].TransmittedBytes, (await deviceRight.ReadAsync(token)).Peers[0].ReceivedBytes),
            counts => counts.Item1 == counts.Item2,
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200), ct);
        Assert.Equal(IPEndPoint.Parse("192.0.2.1:51821"), peerOfRight.Endpoint);
    }

    private static async Task BringUpAsync(
        NetNamespace ns, string interfaceName, string overlay, IPAddress linkLocal, string peerOverlay, CancellationToken ct)
    {
        // Only the derived link-local: an automatic one would be picked as a source the peer's AllowedIPs refuse.
        await NetworkLab.ExecCheckedAsync(ns, "ip", ["link", "set", interfaceName, "addrgenmode", "none"], ct);
        await NetworkLab.ExecCheckedAsync(ns, "ip", ["-6", "addr", "add", $"{linkLocal}/64", "dev", interfaceName], ct);
        await NetworkLab.ExecCheckedAsync(ns, "ip", ["addr", "add", $"{overlay}/32", "dev", interfaceName], ct);
        await NetworkLab.ExecCheckedAsync(ns, "ip", ["link", "set", interfaceName, "up"], ct);
        await NetworkLab.ExecCheckedAsync(ns, "ip", ["route", "add", $"{peerOverlay}/32", "dev", interfaceName], ct);
    }

    private static HashSet<IPNetwork> Prefixes(params string[] prefixes) => [.. prefixes.Select(IPNetwork.Parse)];
}
