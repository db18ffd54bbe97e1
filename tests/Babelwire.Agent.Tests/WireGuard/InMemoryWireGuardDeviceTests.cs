using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

public sealed class InMemoryWireGuardDeviceTests
{
    private static readonly WireGuardKey A = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
    private static readonly WireGuardKey B = WireGuardKey.GeneratePrivateKey().DerivePublicKey();

    [Fact]
    public async Task It_records_each_transaction_and_the_peers_it_touched_and_skips_empty_ones()
    {
        var device = new InMemoryWireGuardDevice();

        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24"), Peer(B, "198.18.1.0/24")), TestContext.Current.CancellationToken);
        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24"), Peer(B, "198.18.1.0/24")), TestContext.Current.CancellationToken);
        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24"), Peer(B, "198.18.1.0/24", "198.18.2.0/24")), TestContext.Current.CancellationToken);

        Assert.Equal([2, 1], device.PeersTouchedPerTransaction);
        var state = await device.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Prefixes("198.18.1.0/24", "198.18.2.0/24"), state.Peers.Single(p => p.PublicKey == B).AllowedIps);
    }

    [Fact]
    public async Task A_failed_transaction_keeps_what_was_applied_before_the_failure()
    {
        var device = new InMemoryWireGuardDevice();
        device.FailNextApply(appliedPeers: 1);

        await Assert.ThrowsAsync<UapiException>(() =>
            device.ApplyAsync(Config(Peer(A, "198.18.0.0/24"), Peer(B, "198.18.1.0/24")), TestContext.Current.CancellationToken));
        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24"), Peer(B, "198.18.1.0/24")), TestContext.Current.CancellationToken);

        Assert.Equal([2, 1], device.PeersTouchedPerTransaction);
        Assert.Equal(B, device.Transactions[^1].Peers.Single().PublicKey);
    }

    [Fact]
    public async Task Changes_made_behind_its_back_and_statistics_show_in_a_read()
    {
        var device = new InMemoryWireGuardDevice();
        var handshake = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        device.SetPeerExternally(Peer(A, "198.18.0.0/24"));
        device.SetPeerExternally(Peer(B, "198.18.0.0/24"));
        device.SetStatistics(B, handshake, 10, 20);

        var state = await device.ReadAsync(TestContext.Current.CancellationToken);
        device.RemovePeerExternally(A);
        var after = await device.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Empty(state.Peers.Single(p => p.PublicKey == A).AllowedIps);
        var b = state.Peers.Single(p => p.PublicKey == B);
        Assert.Equal((handshake, 10L, 20L), (b.LastHandshake, b.ReceivedBytes, b.TransmittedBytes));
        Assert.Equal([B], after.Peers.Select(p => p.PublicKey));
        Assert.Equal(0, device.TransactionCount);
    }

    private static DeviceConfig Config(params PeerConfig[] peers) => new(peers);

    private static PeerConfig Peer(WireGuardKey key, params string[] prefixes) => new(key, Prefixes(prefixes));

    private static HashSet<IPNetwork> Prefixes(params string[] prefixes) => [.. prefixes.Select(IPNetwork.Parse)];
}
