using System.Net;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.Routing;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>A peer the controller drops (node left, disabled, deleted) leaves the device; peers the agent did not put there stay.</summary>
public sealed class PeerRemovalTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly InMemoryWireGuardDevice _device = new("wg0");

    public void Dispose() => _dir.Dispose();

    private static WireGuardPeer Peer(string endpoint, params string[] extra)
        => WireGuardPeer.Create(WireGuardKey.GeneratePrivateKey().DerivePublicKey(), extra.Select(IPNetwork.Parse), IPEndPoint.Parse(endpoint), configured: true);

    private RouteProgrammer Programmer() => new(
        "wg0", _device, new InMemoryRouteTable(), new OwnedAllowedIpsStore(Path.Combine(_dir.Path, OwnedAllowedIpsStore.DefaultFileName)),
        TimeProvider.System, NullLogger.Instance) { InterfaceIndex = 5 };

    private HashSet<WireGuardKey> OnDevice() => [.. _device.ReadAsync(CancellationToken.None).Result.Peers.Select(p => p.PublicKey)];

    [Fact]
    public async Task A_peer_no_longer_configured_is_removed_from_the_device_with_its_routes_and_not_taken_back_as_found()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = Peer("192.0.2.1:51820");
        var b = Peer("192.0.2.2:51820", "198.18.60.0/24");
        var programmer = Programmer();
        programmer.SetConfiguredPeers([a, b]);
        await programmer.ReconcileAsync(ct);
        Assert.Equal(new HashSet<WireGuardKey> { a.PublicKey, b.PublicKey }, OnDevice());

        programmer.SetConfiguredPeers([a]);
        // The peer watcher reads the device before the pass runs: b is there but must not become a found peer.
        programmer.ObserveDevice(await _device.ReadAsync(ct));
        await programmer.ProgramOnceAsync(ct);
        programmer.ObserveDevice(await _device.ReadAsync(ct));
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(new HashSet<WireGuardKey> { a.PublicKey }, OnDevice());
        Assert.DoesNotContain(programmer.Peers(), p => p.PublicKey == b.PublicKey);
    }

    [Fact]
    public async Task A_peer_another_tool_put_on_the_device_is_never_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = Peer("192.0.2.1:51820");
        var foreign = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        _device.SetPeerExternally(new PeerConfig(foreign, new HashSet<IPNetwork> { IPNetwork.Parse("198.18.70.0/24") }, IPEndPoint.Parse("192.0.2.70:51820")));
        var programmer = Programmer();
        programmer.SetConfiguredPeers([a]);
        await programmer.ReconcileAsync(ct);

        programmer.SetConfiguredPeers([]);
        programmer.ObserveDevice(await _device.ReadAsync(ct));
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(new HashSet<WireGuardKey> { foreign }, OnDevice());
    }

    [Fact]
    public async Task A_peer_dropped_and_listed_again_stays_on_the_device()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = Peer("192.0.2.1:51820");
        var programmer = Programmer();
        programmer.SetConfiguredPeers([a]);
        await programmer.ReconcileAsync(ct);

        programmer.SetConfiguredPeers([]);
        programmer.SetConfiguredPeers([a]);
        await programmer.ProgramOnceAsync(ct);

        Assert.Equal(new HashSet<WireGuardKey> { a.PublicKey }, OnDevice());
    }
}
