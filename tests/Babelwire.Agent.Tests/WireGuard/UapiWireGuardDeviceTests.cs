using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

/// <summary>The UAPI device against a wireguard-go-like server on a Unix socket.</summary>
public sealed class UapiWireGuardDeviceTests
{
    private static readonly WireGuardKey A = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
    private static readonly WireGuardKey B = WireGuardKey.GeneratePrivateKey().DerivePublicKey();

    [Fact]
    public async Task The_first_change_reads_the_device_then_sends_one_transaction_and_the_same_config_again_sends_nothing()
    {
        using var dir = new TempDirectory();
        await using var server = new FakeUapiServer(dir.Path, "wgt0", supportsRemoval: true);
        await using var device = new UapiWireGuardDevice("wgt0", socketDirectory: dir.Path);
        var config = Config(Peer(A, "198.18.0.0/24", "fe80::a/128"), Peer(B, "198.18.1.0/24"));

        await device.ApplyAsync(config, TestContext.Current.CancellationToken);
        await device.ApplyAsync(config, TestContext.Current.CancellationToken);

        Assert.Equal(1, server.Gets);
        Assert.Single(server.Sets);
        Assert.Equal(Prefixes("198.18.0.0/24", "fe80::a/128"), server.AllowedIpsOf(A));
        var state = await device.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, state.Peers.Count);
    }

    [Fact]
    public async Task Removal_is_probed_once_on_a_throwaway_peer_and_replace_is_used_where_unsupported()
    {
        using var dir = new TempDirectory();
        await using var server = new FakeUapiServer(dir.Path, "wgt1", supportsRemoval: false);
        await using var device = new UapiWireGuardDevice("wgt1", socketDirectory: dir.Path);
        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24", "198.18.2.0/24")), TestContext.Current.CancellationToken);

        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24")), TestContext.Current.CancellationToken);
        await device.ApplyAsync(Config(Peer(A)), TestContext.Current.CancellationToken);

        Assert.Equal(AllowedIpRemoval.Replace, device.Removal);
        Assert.Empty(server.AllowedIpsOf(A));
        Assert.Equal([A], server.PeerKeys);
        Assert.Equal(1, server.Sets.Count(s => s.Contains("allowed_ip=-", StringComparison.Ordinal)));
        Assert.Contains("replace_allowed_ips=true\nallowed_ip=198.18.0.0/24\n", server.Sets[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removal_is_sent_as_one_line_where_the_probe_finds_it_supported()
    {
        using var dir = new TempDirectory();
        await using var server = new FakeUapiServer(dir.Path, "wgt2", supportsRemoval: true);
        await using var device = new UapiWireGuardDevice("wgt2", socketDirectory: dir.Path);
        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24", "198.18.2.0/24")), TestContext.Current.CancellationToken);

        await device.ApplyAsync(Config(Peer(A, "198.18.0.0/24")), TestContext.Current.CancellationToken);

        Assert.Equal(AllowedIpRemoval.Incremental, device.Removal);
        Assert.Equal($"set=1\npublic_key={A.ToHex()}\nupdate_only=true\nallowed_ip=-198.18.2.0/24\n\n", server.Sets[^1]);
        Assert.Equal(Prefixes("198.18.0.0/24"), server.AllowedIpsOf(A));
        Assert.Equal([A], server.PeerKeys);
    }

    [Fact]
    public async Task After_a_refused_transaction_the_device_is_read_again_and_only_the_missing_part_is_sent()
    {
        using var dir = new TempDirectory();
        await using var server = new FakeUapiServer(dir.Path, "wgt3", supportsRemoval: true);
        await using var device = new UapiWireGuardDevice("wgt3", socketDirectory: dir.Path);
        var config = Config(Peer(A, "198.18.0.0/24"), Peer(B, "198.18.1.0/24"));
        server.FailNextSet = (Errno: 22, FailAtPeer: 1);

        var error = await Assert.ThrowsAsync<UapiException>(() => device.ApplyAsync(config, TestContext.Current.CancellationToken));
        await device.ApplyAsync(config, TestContext.Current.CancellationToken);

        Assert.Equal(22, error.Errno);
        Assert.Equal(2, server.Gets);
        Assert.DoesNotContain(A.ToHex(), server.Sets[^1], StringComparison.Ordinal);
        Assert.Contains(B.ToHex(), server.Sets[^1], StringComparison.Ordinal);
        Assert.Equal(Prefixes("198.18.1.0/24"), server.AllowedIpsOf(B));
    }

    [Fact]
    public async Task A_missing_socket_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        await using var device = new UapiWireGuardDevice("wgt4", socketDirectory: dir.Path);

        var error = await Assert.ThrowsAsync<UapiException>(() => device.ReadAsync(TestContext.Current.CancellationToken));

        Assert.Contains("wgt4.sock", error.Message, StringComparison.Ordinal);
        Assert.Contains("wireguard-go", error.Message, StringComparison.Ordinal);
    }

    private static DeviceConfig Config(params PeerConfig[] peers) => new(peers);

    private static PeerConfig Peer(WireGuardKey key, params string[] prefixes) => new(key, Prefixes(prefixes));

    private static HashSet<IPNetwork> Prefixes(params string[] prefixes) => [.. prefixes.Select(IPNetwork.Parse)];
}
