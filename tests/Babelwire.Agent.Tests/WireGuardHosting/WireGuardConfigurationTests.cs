using System.Net;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuardHosting;

public sealed class WireGuardConfigurationTests
{
    private const string KeyB = "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=";
    private const string KeyC = "pH+MWOFD2We4lMEuPYXjqR1A65QdS10sPjiHlOf86xk=";

    private static AgentConfigResult Bind(string wireguard, string topLevel = "")
        => ConfigText.Bind($$"""{ "wireguard": { {{wireguard}} } {{(topLevel.Length > 0 ? "," + topLevel : "")}} }""");

    [Fact]
    public void The_example_wireguard_config_is_valid_and_binds_every_kind_of_value()
    {
        var result = AgentConfiguration.Load(Path.Combine(AppContext.BaseDirectory, "examples", "wireguard.json"));

        Assert.Empty(result.Errors);
        var wg = result.Options!.WireGuard!;
        Assert.Equal(("bw0", WireGuardMode.Create, WireGuardBackend.Auto, 51820, 1420), (wg.Interface, wg.Mode, wg.Backend, wg.ListenPort, wg.Mtu));
        Assert.Equal([IPNetwork.Parse("2001:db8:ff::1/128"), IPNetwork.Parse("198.18.0.1/32")], wg.Addresses);
        Assert.Equal(TimeSpan.FromSeconds(1), wg.HelloInterval);
        Assert.Equal(2, wg.Peers.Count);
        Assert.Equal(WireGuardKey.Parse(KeyB), wg.Peers[0].PublicKey);
        Assert.Equal(IPEndPoint.Parse("192.0.2.2:51820"), wg.Peers[0].Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(25), wg.Peers[0].PersistentKeepalive);
        Assert.Equal(IPEndPoint.Parse("[2001:db8:100::3]:51820"), wg.Peers[1].Endpoint);
        Assert.Equal([IPNetwork.Parse("198.18.10.0/24")], wg.Peers[1].AllowedIps);
        Assert.Empty(result.Options.Interfaces);
    }

    [Fact]
    public void A_minimal_wireguard_section_gets_the_documented_defaults()
    {
        var wg = Assert.IsType<AgentOptions>(Bind("""  "interface": "bw0"  """).Options).WireGuard!;

        Assert.Equal(WireGuardMode.Create, wg.Mode);
        Assert.Equal(WireGuardBackend.Auto, wg.Backend);
        Assert.Null(wg.PrivateKeyFile);
        Assert.Null(wg.ListenPort);
        Assert.Equal(1420, wg.Mtu);
        Assert.True(wg.RttCost);
        Assert.True(wg.Forwarding);
        Assert.Equal(TimeSpan.FromSeconds(1), wg.PeerCheckInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), wg.HelloInterval);
        Assert.Empty(wg.Peers);
    }

    public static TheoryData<string, string> BadSections => new()
    {
        { """ "interface": "" """, "wireguard.interface:" },
        { """ "interface": "a-very-long-interface-name" """, "wireguard.interface:" },
        { """ "interface": "bw0", "mode": "borrow" """, "wireguard.mode:" },
        { """ "interface": "bw0", "mtu": 1000 """, "wireguard.mtu:" },
        { """ "interface": "bw0", "listenPort": 70000 """, "wireguard.listenPort:" },
        { """ "interface": "bw0", "helloInterval": "2s", "updateInterval": "1s" """, "wireguard.updateInterval:" },
        { """ "interface": "bw0", "addresses": [ "2001:db8:ff::/64" ] """, "wireguard.addresses[0]:" },
        { """ "interface": "bw0", "addresses": [ "198.18.0.1/32", "fe80::1/128" ] """, "wireguard.addresses[1]:" },
        { """ "interface": "bw0", "addresses": [ "198.18.0.1/32", "198.18.0.1/32" ] """, "wireguard.addresses:" },
        { """ "interface": "bw0", "peers": [ { "endpoint": "192.0.2.2:51820" } ] """, "wireguard.peers[0].publicKey:" },
        { """ "interface": "bw0", "peers": [ { "publicKey": "not-a-key" } ] """, "wireguard.peers[0].publicKey:" },
        { """ "interface": "bw0", "peers": [ { "publicKey": "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=", "endpoint": "192.0.2.2" } ] """, "wireguard.peers[0].endpoint:" },
        { """ "interface": "bw0", "peers": [ { "publicKey": "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=", "endpoint": "192.0.2.2:51820", "allowedIps": [ "192.0.2.0/24" ] } ] """, "wireguard.peers[0].allowedIps[0]:" },
        { """ "interface": "bw0", "peers": [ { "publicKey": "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=", "allowedIps": [ "fe80::/64" ] } ] """, "wireguard.peers[0].allowedIps[0]:" },
        { """ "interface": "bw0", "peers": [ { "publicKey": "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=", "persistentKeepalive": "30h" } ] """, "wireguard.peers[0].persistentKeepalive:" },
        { """ "interface": "bw0", "peers": [ { "publicKey": "w6KPCUBGSDaN0tbweYORRfkXc7QwlN66sb7M3C7KiAA=", "keepalive": "25s" } ] """, "wireguard.peers[]:" },
        { """ "interface": "bw0", "privateKey": "x" """, "wireguard:" },
    };

    [Theory]
    [MemberData(nameof(BadSections))]
    public void A_bad_wireguard_value_is_refused_with_a_message_naming_its_key(string section, string key)
    {
        var result = Bind(section);

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_peers_with_the_same_key_or_the_same_extra_prefix_are_refused()
    {
        var result = Bind($$"""
            "interface": "bw0",
            "peers": [
              { "publicKey": "{{KeyB}}", "allowedIps": [ "198.18.9.0/24" ] },
              { "publicKey": "{{KeyB}}" },
              { "publicKey": "{{KeyC}}", "allowedIps": [ "198.18.9.0/24" ] }
            ]
            """);

        Assert.Contains(result.Errors, e => e.StartsWith("wireguard.peers: public key", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("wireguard.peers[2].allowedIps: 198.18.9.0/24 is also in peers[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_wireguard_interface_cannot_also_be_listed_in_interfaces_nor_an_interface_be_of_kind_wireguard()
    {
        var twice = Bind(""" "interface": "bw0" """, """ "interfaces": [ { "name": "bw0" } ] """);
        var kind = ConfigText.BindWith("""{ "name": "eth0", "kind": "wireGuard" }""");

        Assert.Contains(twice.Errors, e => e.StartsWith("wireguard.interface:", StringComparison.Ordinal));
        Assert.Contains(kind.Errors, e => e.StartsWith("interfaces[0].kind:", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlay_addresses_listed_in_announce_too_are_refused()
    {
        var result = Bind(""" "interface": "bw0", "addresses": [ "198.18.0.1/32" ] """, """ "announce": [ { "prefix": "198.18.0.1/32" } ] """);

        Assert.Contains(result.Errors, e => e.StartsWith("wireguard.addresses:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_config_with_only_a_wireguard_section_needs_no_interfaces_and_runs_it_as_a_unicast_interface()
    {
        var options = Assert.IsType<AgentOptions>(Bind(""" "interface": "bw0", "helloInterval": "1s", "addresses": [ "198.18.0.1/32" ] """).Options);

        options.WithWireGuardInterface();

        var iface = Assert.Single(options.Interfaces);
        Assert.Equal(("bw0", InterfaceMode.WireGuard, TimeSpan.FromSeconds(1), true, 1420), (iface.Name, iface.Kind, iface.HelloInterval, iface.RttCost, iface.Mtu));
        Assert.Equal([IPNetwork.Parse("198.18.0.1/32")], options.Announce.Select(a => a.Prefix!.Value));
    }
}
