using System.Net;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Configuration;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_example_config_in_the_repository_is_valid_and_binds_every_kind_of_value()
    {
        var result = AgentConfiguration.Load(Path.Combine(AppContext.BaseDirectory, "examples", "standalone.json"));

        Assert.Empty(result.Errors);
        var options = Assert.IsType<AgentOptions>(result.Options);
        Assert.True(RouterId.TryParse("02:00:5e:ff:fe:00:00:01", out var expected));
        Assert.Equal(expected, options.RouterId);
        Assert.Equal(2, options.Interfaces.Count);
        var tunnel = options.Interfaces[1];
        Assert.Equal(InterfaceMode.Unicast, tunnel.Kind);
        Assert.Equal([IPAddress.Parse("fe80::2")], tunnel.Neighbours);
        Assert.Equal(TimeSpan.FromSeconds(1), tunnel.HelloInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), tunnel.UpdateInterval);
        Assert.Equal(LinkCostKind.Etx, tunnel.LinkCost);
        Assert.True(tunnel.RttCost);
        Assert.Equal(1420, tunnel.Mtu);
        Assert.Equal(IPNetwork.Parse("198.18.1.0/24"), options.Announce[1].Prefix);
        Assert.Equal(128, options.Announce[1].Metric);
    }

    [Fact]
    public void A_minimal_config_gets_the_documented_defaults()
    {
        var options = Assert.IsType<AgentOptions>(ConfigText.Bind("""{ "interfaces": [ { "name": "veth0" } ] }""").Options);

        Assert.Null(options.RouterId);
        Assert.Equal("/var/lib/babelwire", options.StateDirectory);
        Assert.Equal("/run/babelwire/agent.sock", options.StatusSocket);
        Assert.Equal(6696, options.Port);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        var iface = Assert.Single(options.Interfaces);
        Assert.Equal(InterfaceMode.Multicast, iface.Kind);
        Assert.Equal(TimeSpan.FromSeconds(4), iface.HelloInterval);
        Assert.Null(iface.UpdateInterval);
        Assert.Equal(LinkCostKind.TwoOutOfThree, iface.LinkCost);
        Assert.Null(iface.Mtu);
        Assert.Empty(options.Announce);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("4s", 4000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:04", 4000)]
    [InlineData("00:00:00.5", 500)]
    public void Durations_are_read_with_a_unit_or_as_a_TimeSpan(string text, int milliseconds)
    {
        var result = ConfigText.BindWith($$"""{ "name": "eth0", "helloInterval": "{{text}}" }""");

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), result.Options!.Interfaces[0].HelloInterval);
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        // iface JSON, top-level JSON, the key the message must name
        { """{ "name": "eth0", "helloInterval": "4" }""", "", "interfaces[0].helloInterval" },
        { """{ "name": "eth0", "helloInterval": "20m" }""", "", "interfaces[0].helloInterval" },
        { """{ "name": "eth0", "helloInterval": "10ms" }""", "", "interfaces[0].helloInterval" },
        { """{ "name": "eth0", "helloInterval": "4s", "updateInterval": "2s" }""", "", "interfaces[0].updateInterval" },
        { """{ "name": "eth0", "kind": "broadcast" }""", "", "interfaces[0].kind" },
        { """{ "name": "eth0", "kind": "unicast" }""", "", "interfaces[0].neighbours" },
        { """{ "name": "eth0", "kind": "unicast", "neighbours": [ "2001:db8::1" ] }""", "", "interfaces[0].neighbours[0]" },
        { """{ "name": "eth0", "kind": "unicast", "neighbours": [ "fe80::1:2:3:4:5" ] }""", "", "interfaces[0].neighbours[0]" },
        { """{ "name": "eth0", "kind": "unicast", "neighbours": [ "not-an-address" ] }""", "", "interfaces[0].neighbours[0]" },
        { """{ "name": "eth0", "neighbours": [ "fe80::2" ] }""", "", "interfaces[0].neighbours" },
        { """{ "name": "eth0", "mtu": 1000 }""", "", "interfaces[0].mtu" },
        { """{ "name": "eth0", "mtu": "big" }""", "", "interfaces[0].mtu" },
        { """{ "name": "eth0", "nominalCost": 0 }""", "", "interfaces[0].nominalCost" },
        { """{ "name": "eth0", "linkCost": "wireless" }""", "", "interfaces[0].linkCost" },
        { """{ "name": "a/b" }""", "", "interfaces[0].name" },
        { """{ "name": "" }""", "", "interfaces[0].name" },
        { """{ "name": "eth0", "helloIntervall": "1s" }""", "", "interfaces[]: unknown key(s) 'helloIntervall'" },
        { ConfigText.MinimalInterface, """ "routerID2": "x" """, "top level: unknown key(s) 'routerID2'" },
        { ConfigText.MinimalInterface, """ "routerId": "zz" """, "routerId" },
        { ConfigText.MinimalInterface, """ "routerId": "00:00:00:00:00:00:00:00" """, "routerId" },
        { ConfigText.MinimalInterface, """ "port": 0 """, "port" },
        { ConfigText.MinimalInterface, """ "receiveBufferBytes": 1 """, "receiveBufferBytes" },
        { ConfigText.MinimalInterface, """ "seqnoSaveInterval": "0s" """, "seqnoSaveInterval" },
        { ConfigText.MinimalInterface, """ "logLevel": "Loud" """, "logLevel" },
        { ConfigText.MinimalInterface, """ "stateDirectory": "" """, "stateDirectory" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "198.18.1.1/24" } ] """, "announce[0].prefix" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "2001:db8::/129" } ] """, "announce[0].prefix" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "fe80::/64" } ] """, "announce[0].prefix" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "127.0.0.0/8" } ] """, "announce[0].prefix" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "240.0.0.0/8" } ] """, "announce[0].prefix" },
        { ConfigText.MinimalInterface, """ "announce": [ { "metric": 5 } ] """, "announce[0].prefix" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "2001:db8::/32", "metric": 65535 } ] """, "announce[0].metric" },
        { ConfigText.MinimalInterface, """ "announce": [ { "prefix": "2001:db8::/32" }, { "prefix": "2001:db8::/32" } ] """, "announce" },
        { ConfigText.MinimalInterface + """, { "name": "eth0" }""", "", "interfaces" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_refused_with_a_message_naming_its_key(string iface, string topLevel, string key)
    {
        var result = ConfigText.BindWith(iface, topLevel);

        Assert.Null(result.Options);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_without_interfaces_is_refused()
    {
        var result = ConfigText.Bind("""{ "announce": [ { "prefix": "2001:db8::/32" } ] }""");

        Assert.Contains(result.Errors, e => e.StartsWith("interfaces:", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_found_by_validation_is_reported_not_only_the_first()
    {
        var result = ConfigText.BindWith(
            """{ "name": "eth0", "helloInterval": "20m", "mtu": 100 }""", """ "announce": [ { "prefix": "ff02::/16" } ] """);

        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void A_missing_file_or_broken_JSON_gives_a_message_not_an_exception()
    {
        var directory = Directory.CreateTempSubdirectory("babelwire-config-");
        try
        {
            var broken = Path.Combine(directory.FullName, "broken.json");
            File.WriteAllText(broken, """{ "interfaces": [ """);

            var missing = AgentConfiguration.Load(Path.Combine(directory.FullName, "missing.json"));
            var malformed = AgentConfiguration.Load(broken);

            Assert.Contains("missing.json", Assert.Single(missing.Errors), StringComparison.Ordinal);
            Assert.Contains("broken.json", Assert.Single(malformed.Errors), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Interfaces:0:HelloInterval", "interfaces[0].helloInterval")]
    [InlineData("Announce:12:Prefix", "announce[12].prefix")]
    [InlineData("RouterId", "routerId")]
    public void Configuration_paths_are_shown_as_written_in_the_file(string path, string expected)
        => Assert.Equal(expected, AgentConfiguration.KeyPath(path));
}
