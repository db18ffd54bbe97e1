using Babelwire.Agent.Configuration;
using Babelwire.Agent.ControlPlane;

namespace Babelwire.Agent.Tests.ControlPlane;

public sealed class ControllerConfigurationTests
{
    private static AgentConfigResult Bind(string controller, string wireguard = """, "wireguard": { "interface": "bw0", "listenPort": 51820 }""")
        => ConfigText.Bind($$"""{ "controller": { {{controller}} } {{wireguard}} }""");

    [Fact]
    public void The_example_controller_config_is_valid()
    {
        var result = AgentConfiguration.Load(Path.Combine(AppContext.BaseDirectory, "examples", "controller.json"));

        Assert.Empty(result.Errors);
        var controller = result.Options!.Controller!;
        Assert.Equal(("https://controller.example:8443/", "/etc/babelwire/enrolment-token", "edge-1"), (controller.Url!.AbsoluteUri, controller.TokenFile, controller.NodeName));
        Assert.Empty(result.Options.WireGuard!.Addresses);
    }

    [Fact]
    public void A_controller_section_binds_its_url_token_endpoints_and_node_name()
    {
        var options = Assert.IsType<AgentOptions>(Bind(
            """ "url": "https://controller.example:8443/mesh", "token": "abc", "endpoints": [ "192.0.2.1:51820", "[2001:db8::1]:51820", "node.example:51820" ], "nodeName": "edge-1" """).Options);

        var controller = Assert.IsType<ControllerOptions>(options.Controller);
        Assert.Equal(new Uri("https://controller.example:8443/mesh"), controller.Url);
        Assert.Equal("abc", controller.Token);
        Assert.Equal(["192.0.2.1:51820", "[2001:db8::1]:51820", "node.example:51820"], controller.Endpoints);
        Assert.Equal("edge-1", controller.NodeName);
        Assert.Equal(controller.Endpoints, EndpointDefaults.Resolve(options));
        Assert.Equal(TimeSpan.FromMilliseconds(100), controller.ChangeCoalescingWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(250), Bind(""" "url": "https://c.example", "changeCoalescingWindow": "250ms" """).Options!.Controller!.ChangeCoalescingWindow);
    }

    [Fact]
    public void Without_endpoints_the_agent_advertises_its_global_addresses_with_the_listen_port_or_none_without_one()
    {
        var withPort = Bind(""" "url": "http://192.0.2.10:5000" """).Options!;
        var withoutPort = Bind(""" "url": "http://192.0.2.10:5000" """, """, "wireguard": { "interface": "bw0" }""").Options!;

        Assert.Null(withPort.Controller!.Endpoints);
        Assert.All(EndpointDefaults.Resolve(withPort), e => Assert.EndsWith(":51820", e, StringComparison.Ordinal));
        Assert.DoesNotContain(EndpointDefaults.Resolve(withPort), e => e.StartsWith("127.", StringComparison.Ordinal) || e.StartsWith("[::1]", StringComparison.Ordinal) || e.StartsWith("[fe80", StringComparison.Ordinal));
        Assert.Empty(EndpointDefaults.Resolve(withoutPort));
    }

    public static TheoryData<string, string, string> BadSections => new()
    {
        { """ "token": "abc" """, "", "controller.url:" },
        { """ "url": "controller.example" """, "", "controller.url:" },
        { """ "url": "ftp://controller.example" """, "", "controller.url:" },
        { """ "url": "https://controller.example/?x=1" """, "", "controller.url:" },
        { """ "url": "http://" """, "", "controller.url:" },
        { """ "url": "https://c.example", "token": "a", "tokenFile": "/etc/t" """, "", "controller.tokenFile:" },
        { """ "url": "https://c.example", "token": " " """, "", "controller.token:" },
        { """ "url": "https://c.example", "endpoints": [ "192.0.2.1" ] """, "", "controller.endpoints[0]:" },
        { """ "url": "https://c.example", "endpoints": [ "192.0.2.1:1", "2001:db8::1:51820" ] """, "", "controller.endpoints[1]:" },
        { """ "url": "https://c.example", "endpoints": [ "192.0.2.1:1", "192.0.2.1:1" ] """, "", "controller.endpoints:" },
        { """ "url": "https://c.example", "nodeName": "" """, "", "controller.nodeName:" },
        { """ "url": "https://c.example", "changeCoalescingWindow": "5ms" """, "", "controller.changeCoalescingWindow:" },
        { """ "url": "https://c.example", "changeCoalescingWindow": "6s" """, "", "controller.changeCoalescingWindow:" },
        { """ "url": "https://c.example", "tokn": "abc" """, "", "controller:" },
        { """ "url": "https://c.example" """, """, "interfaces": [ { "name": "eth0" } ]""", "controller:" },
    };

    [Theory]
    [MemberData(nameof(BadSections))]
    public void A_bad_controller_value_is_refused_with_a_message_naming_its_key(string section, string wireguard, string key)
    {
        var result = wireguard.Length == 0 ? Bind(section) : Bind(section, wireguard);

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }
}
