using System.Net;
using System.Text.Json;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.Status;
using Babelwire.Agent.Tests.Hosting;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Agent.Tests.WireGuardHosting;

/// <summary>
/// Whole agents in WireGuard mode, in-process: the real config file, WireGuard host, peer watcher, route programmer
/// and engine loop, with in-memory devices, route tables and an in-memory link between the derived link-locals.
/// </summary>
public sealed class WireGuardHostTests
{
    private const int Index = 11;

    private sealed record Node(string Name, WireGuardKey PrivateKey, WireGuardKey PublicKey, IPAddress LinkLocal, InMemoryWireGuardDevice Device, InMemoryRouteTable Kernel)
    {
        public static Node Create(string name)
        {
            var key = WireGuardKey.GeneratePrivateKey();
            var pub = key.DerivePublicKey();
            return new Node(name, key, pub, LinkLocalAddress.FromPublicKey(pub), new InMemoryWireGuardDevice(name), new InMemoryRouteTable());
        }

        public ResolvedInterface Interface => new(Name, Index, 1420, LinkLocal);
    }

    private static string Config(Node self, string mode, string address, string peers) => $$"""
        {
          "stateDirectory": "{DIR}/state",
          "statusSocket": "{DIR}/agent.sock",
          "wireguard": {
            "interface": "{{self.Name}}",
            "mode": "{{mode}}",
            "privateKeyFile": "{DIR}/wg.key",
            "addresses": [ "{{address}}" ],
            "helloInterval": "100ms",
            "updateInterval": "400ms",
            "peerCheckInterval": "100ms",
            "forwarding": false,
            "peers": [ {{peers}} ]
          }
        }
        """;

    private static async Task<TestAgent> StartAsync(
        TempDirectory dir, Node node, string config, IBabelTransport transport, IInterfaceResolver resolver, RecordingLinkConfigurator link, CancellationToken ct)
    {
        WireGuardKeyFile.Write(dir.File("wg.key"), node.PrivateKey);
        return await TestAgent.StartAsync(dir, config, transport, resolver, ct, services: s =>
        {
            s.AddSingleton<IWireGuardBackendFactory>(new InMemoryBackendFactory(node.Device));
            s.AddSingleton<ILinkConfigurator>(link);
            s.AddSingleton<IRouteTable>(node.Kernel);
        });
    }

    [Fact]
    public async Task Two_agents_whose_peers_are_each_other_exchange_overlay_addresses_into_allowed_ips_and_kernel_routes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var a = Node.Create("wga");
        var b = Node.Create("wgb");
        var link = new InMemoryLink();
        var resolver = new FakeInterfaceResolver();
        resolver.Add(a.Interface);
        resolver.Add(b.Interface);
        var linkA = new RecordingLinkConfigurator(Index);
        await using var agentA = await StartAsync(dirA, a, Config(a, "create", "2001:db8:ff::a/128", $$"""{ "publicKey": "{{b.PublicKey}}", "endpoint": "192.0.2.2:51820" }"""),
            link.Attach(a.Interface), resolver, linkA, ct);
        await using var agentB = await StartAsync(dirB, b, Config(b, "create", "198.18.0.2/32", $$"""{ "publicKey": "{{a.PublicKey}}", "endpoint": "192.0.2.1:51820" }"""),
            link.Attach(b.Interface), resolver, new RecordingLinkConfigurator(Index), ct);

        var report = await agentA.WaitForAsync(r => r.Routes!.Any(x => x.Prefix == "198.18.0.2/32" && x.Programmed == true), ct);

        var config = Assert.Single(linkA.Calls);
        Assert.Equal(("wga", 1420), (config.Name, config.Mtu));
        Assert.Contains(new InterfaceAddress(a.LinkLocal, 64), config.Addresses);
        Assert.Contains(new InterfaceAddress(IPAddress.Parse("2001:db8:ff::a"), 128), config.Addresses);
        Assert.True(config.DisableAddressGeneration);
        var peer = Assert.Single((await a.Device.ReadAsync(ct)).Peers);
        Assert.Equal(new HashSet<IPNetwork> { new(b.LinkLocal, 128), IPNetwork.Parse("198.18.0.2/32") }, peer.AllowedIps);
        Assert.Contains(new KernelRoute(IPNetwork.Parse("198.18.0.2/32"), Index), a.Kernel.Routes);
        Assert.Equal(a.PublicKey, (await a.Device.ReadAsync(ct)).PublicKey);

        Assert.Equal("wga", report.WireGuard!.Interface);
        Assert.Equal(a.PublicKey.ToString(), report.WireGuard.PublicKey);
        Assert.Equal(a.LinkLocal.ToString(), report.WireGuard.LinkLocal);
        var neighbour = Assert.Single(report.Neighbours!);
        Assert.Equal((b.LinkLocal.ToString(), b.PublicKey.ToString()), (neighbour.Address, neighbour.PublicKey));
        Assert.Equal("wireguard", Assert.Single(report.Interfaces!).Kind);
        Assert.Contains(report.Announced!, x => x.Prefix == "2001:db8:ff::a/128");

        var fromB = await agentB.WaitForAsync(r => r.Routes!.Any(x => x.Prefix == "2001:db8:ff::a/128" && x.Programmed == true), ct);
        Assert.Contains(IPNetwork.Parse("2001:db8:ff::a/128"), Assert.Single((await b.Device.ReadAsync(ct)).Peers).AllowedIps);
        Assert.NotNull(fromB.WireGuard);
    }

    [Fact]
    public async Task Peers_added_and_removed_on_an_adopted_device_become_and_stop_being_neighbours()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var a = Node.Create("wga");
        var link = new InMemoryLink();
        var resolver = new FakeInterfaceResolver();
        resolver.Add(a.Interface);
        await using var agent = await StartAsync(dir, a, Config(a, "adopt", "2001:db8:ff::a/128", ""), link.Attach(a.Interface), resolver, new RecordingLinkConfigurator(Index), ct);
        await agent.WaitForAsync(r => r.Summary.InterfacesUp == 1, ct);
        var x = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var xLinkLocal = LinkLocalAddress.FromPublicKey(x);
        var handshake = new DateTimeOffset(2026, 11, 25, 13, 59, 0, TimeSpan.Zero);

        a.Device.SetPeerExternally(new PeerConfig(x, new HashSet<IPNetwork> { IPNetwork.Parse("198.18.70.0/24") }, IPEndPoint.Parse("192.0.2.70:51820")));
        a.Device.SetStatistics(x, handshake, 1234, 5678);
        var up = await agent.WaitForAsync(r => r.Neighbours!.Any(n => n.Address == xLinkLocal.ToString()), ct);

        var neighbour = up.Neighbours!.Single();
        Assert.Equal((x.ToString(), "192.0.2.70:51820", handshake, 1234L, 5678L),
            (neighbour.PublicKey, neighbour.Endpoint, neighbour.LastHandshake, neighbour.RxBytes, neighbour.TxBytes));
        var peer = Assert.Single(up.WireGuard!.Peers);
        Assert.False(peer.Configured);
        // Its link-local is pinned into AllowedIPs, and what it had is kept.
        await agent.WaitForAsync(_ => a.Device.ReadAsync(ct).Result.Peers.Single().AllowedIps.Contains(new IPNetwork(xLinkLocal, 128)), ct);
        Assert.Contains(IPNetwork.Parse("198.18.70.0/24"), (await a.Device.ReadAsync(ct)).Peers.Single().AllowedIps);

        a.Device.RemovePeerExternally(x);
        var down = await agent.WaitForAsync(r => r.Neighbours!.Count == 0, ct);
        Assert.Equal(1, down.Counters!["wireguard.peersAdded"]);
        Assert.Equal(1, down.Counters["wireguard.peersRemoved"]);
    }

    [Fact]
    public async Task Babel_datagrams_on_the_wireguard_interface_from_anything_but_a_peers_link_local_are_dropped_and_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var a = Node.Create("wga");
        var b = Node.Create("wgb");
        var link = new InMemoryLink();
        var resolver = new FakeInterfaceResolver();
        resolver.Add(a.Interface);
        var transport = link.Attach(a.Interface);
        await using var agent = await StartAsync(dir, a, Config(a, "create", "2001:db8:ff::a/128", $$"""{ "publicKey": "{{b.PublicKey}}" }"""),
            transport, resolver, new RecordingLinkConfigurator(Index), ct);
        await agent.WaitForAsync(r => r.Summary.InterfacesUp == 1 && r.Neighbours!.Count == 1, ct);
        // RFC 8966 §4.2 header (magic 42, version 2, body length 2) and one empty PadN.
        byte[] packet = [42, 2, 0, 2, 1, 0];

        transport.Inject(IPAddress.Parse("fe80::bad"), Index, packet);
        transport.Inject(IPAddress.Parse("fe80::bad:2"), Index, packet);
        transport.Inject(b.LinkLocal, Index, packet);

        var report = await agent.WaitForAsync(r => r.Counters!["wireguard.droppedNotFromPeer"] == 2 && r.Counters["engine.packetsReceived"] >= 1, ct);
        Assert.Equal(2, report.Counters!["wireguard.droppedNotFromPeer"]);
    }

    [Fact]
    public async Task The_status_command_prints_the_wireguard_interface_and_peer_columns_and_json_carries_them()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var a = Node.Create("wga");
        var b = Node.Create("wgb");
        var resolver = new FakeInterfaceResolver();
        resolver.Add(a.Interface);
        await using var agent = await StartAsync(dir, a, Config(a, "create", "2001:db8:ff::a/128", $$"""{ "publicKey": "{{b.PublicKey}}", "endpoint": "192.0.2.2:51820" }"""),
            new InMemoryLink().Attach(a.Interface), resolver, new RecordingLinkConfigurator(Index), ct);
        await agent.WaitForAsync(r => r.WireGuard is { Peers.Count: 1 }, ct);

        using var output = new StringWriter();
        var code = await Cli.AgentCommandLine.InvokeAsync(["status", "--socket", agent.Socket], output, TextWriter.Null);
        using var json = new StringWriter();
        await Cli.AgentCommandLine.InvokeAsync(["status", "--json", "--socket", agent.Socket], json, TextWriter.Null);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains($"WireGuard wga (in-memory, create)  public key {a.PublicKey}", text, StringComparison.Ordinal);
        Assert.Contains("PUBLIC-KEY", text, StringComparison.Ordinal);
        Assert.Contains($"  {b.PublicKey}  {b.LinkLocal}  192.0.2.2:51820  never", text, StringComparison.Ordinal);
        var parsed = JsonSerializer.Deserialize(json.ToString(), StatusJsonContext.Default.StatusReport)!;
        Assert.Equal(b.PublicKey.ToString(), parsed.WireGuard!.Peers[0].PublicKey);
        Assert.Contains("\"wireGuard\"", json.ToString(), StringComparison.Ordinal);
    }
}
