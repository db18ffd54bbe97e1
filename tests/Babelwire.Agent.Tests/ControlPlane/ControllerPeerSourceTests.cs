using System.Net;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.ControlPlane;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared.Mesh;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Tests.ControlPlane;

public sealed class ControllerPeerSourceTests
{
    private static readonly WireGuardKey Self = WireGuardKey.GeneratePrivateKey().DerivePublicKey();

    private static ControllerPeerSource Source(TempDirectory dir, params WireGuardPeerOptions[] staticPeers)
    {
        var options = new AgentOptions { StateDirectory = dir.Path, WireGuard = new WireGuardOptions { Interface = "wgt0", Peers = [.. staticPeers] } };
        var source = new ControllerPeerSource(Options.Create(options), new ControlPlaneStore(dir.Path), NullLogger<ControllerPeerSource>.Instance);
        source.Start(Self);
        return source;
    }

    private static PeerDto Dto(WireGuardKey key, string[] endpoints, params string[] allowed)
        => new(Guid.NewGuid(), "n", key.ToString(), endpoints, allowed, "fd00:b1::9/128", "198.18.0.9/32");

    [Fact]
    public void The_own_key_is_left_out_and_the_first_ip_endpoint_and_the_base_allowed_ips_are_taken()
    {
        using var dir = new TempDirectory();
        var source = Source(dir);
        var other = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var linkLocal = LinkLocalAddress.FromPublicKey(other);

        source.Replace(new PeerSetDto(1, [
            Dto(Self, ["192.0.2.1:51820"]),
            Dto(other, ["peer.example:51820", "not an endpoint", "[2001:db8::2]:51821", "192.0.2.2:51820"], $"{linkLocal}/128", "198.18.5.0/24"),
        ]));

        var peer = Assert.Single(source.Peers);
        Assert.Equal(other, peer.PublicKey);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::2"), 51821), peer.Endpoint);
        Assert.Equal(new HashSet<IPNetwork> { new(linkLocal, 128), IPNetwork.Parse("198.18.5.0/24") }, peer.BaseAllowedIps);
        Assert.Equal(new HashSet<IPNetwork> { IPNetwork.Parse("198.18.5.0/24") }, peer.RoutedBase);
        Assert.True(peer.Configured);
        Assert.Equal(1, source.ControllerPeerCount);
    }

    [Fact]
    public void Static_peers_are_kept_and_win_over_the_controllers_entry_for_the_same_key()
    {
        using var dir = new TempDirectory();
        var both = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var onlyStatic = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var onlyController = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var source = Source(dir,
            new WireGuardPeerOptions { PublicKey = both, Endpoint = IPEndPoint.Parse("203.0.113.1:51820") },
            new WireGuardPeerOptions { PublicKey = onlyStatic });

        source.Replace(new PeerSetDto(1, [Dto(both, ["192.0.2.1:51820"]), Dto(onlyController, ["192.0.2.3:51820"])]));

        Assert.Equal(3, source.Peers.Count);
        Assert.Equal("203.0.113.1:51820", source.Peers.Single(p => p.PublicKey == both).Endpoint!.ToString());
        Assert.Contains(source.Peers, p => p.PublicKey == onlyStatic);
        Assert.Contains(source.Peers, p => p.PublicKey == onlyController);
    }

    [Fact]
    public void A_delta_applies_only_on_top_of_its_base_version_and_raises_changed()
    {
        using var dir = new TempDirectory();
        var source = Source(dir);
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var b = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var changes = 0;
        source.Changed += () => changes++;
        source.Replace(new PeerSetDto(4, [Dto(a, [])]));

        Assert.False(source.TryApply(new PeerSetDeltaDto(3, 5, [Dto(b, [])], [])));
        Assert.Equal(4, source.Version);
        Assert.True(source.TryApply(new PeerSetDeltaDto(4, 5, [Dto(b, ["192.0.2.9:1"])], [a.ToString()])));

        Assert.Equal(5, source.Version);
        Assert.Equal(b, Assert.Single(source.Peers).PublicKey);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void The_set_in_use_is_saved_and_loaded_by_the_next_source_and_a_bad_file_is_ignored()
    {
        using var dir = new TempDirectory();
        var a = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        Source(dir).Replace(new PeerSetDto(8, [Dto(a, ["192.0.2.4:51820"])]));

        var next = Source(dir);
        Assert.Equal(8, next.Version);
        Assert.Equal(a, Assert.Single(next.Peers).PublicKey);

        File.WriteAllText(Path.Combine(dir.Path, ControlPlaneStore.PeerSetFile), "{ not json");
        var afterDamage = Source(dir);
        Assert.Null(afterDamage.Version);
        Assert.Empty(afterDamage.Peers);
    }
}
