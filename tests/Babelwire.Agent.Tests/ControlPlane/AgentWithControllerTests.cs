using System.Net;
using Babelwire.Agent.Hosting;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.Status;
using Babelwire.Agent.Tests.Hosting;
using Babelwire.Agent.Tests.WireGuardHosting;
using Babelwire.Agent.WireGuard;
using Babelwire.Shared.Mesh;
using Microsoft.Extensions.DependencyInjection;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>
/// A whole agent in WireGuard mode (real config file, engine loop, WireGuard host, status socket; in-memory device,
/// link and route table) with a controller section, against the test controller over loopback.
/// </summary>
public sealed class AgentWithControllerTests
{
    private const int Index = 12;

    private static PeerDto Peer(WireGuardKey key, string name, string endpoint)
        => new(Guid.NewGuid(), name, key.ToString(), [endpoint], [$"{LinkLocalAddress.FromPublicKey(key)}/128"], "fd00:b1::9/128", "198.18.0.9/32");

    [Fact]
    public async Task An_agent_enrols_takes_its_addresses_and_peers_from_the_controller_and_reports_what_it_sees()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var privateKey = WireGuardKey.GeneratePrivateKey();
        var self = privateKey.DerivePublicKey();
        var beta = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        var gamma = WireGuardKey.GeneratePrivateKey().DerivePublicKey();
        await using var controller = await TestController.StartAsync(ct);
        controller.Hub.Settings = controller.Hub.Settings with { StateReportInterval = TimeSpan.FromMilliseconds(200) };
        controller.Hub.PeerSet = new PeerSetDto(1, [Peer(self, "alpha", "192.0.2.1:51820"), Peer(beta, "beta", "192.0.2.2:51820")]);
        WireGuardKeyFile.Write(dir.File("wg.key"), privateKey);
        var device = new InMemoryWireGuardDevice("wgc0");
        var link = new RecordingLinkConfigurator(Index);
        var resolver = new FakeInterfaceResolver();
        resolver.Add(new ResolvedInterface("wgc0", Index, 1420, LinkLocalAddress.FromPublicKey(self)));
        var config = $$"""
            {
              "stateDirectory": "{DIR}/state",
              "statusSocket": "{DIR}/agent.sock",
              "wireguard": { "interface": "wgc0", "privateKeyFile": "{DIR}/wg.key", "helloInterval": "100ms", "peerCheckInterval": "100ms", "forwarding": false },
              "controller": { "url": "{{controller.Url}}", "token": "T1", "nodeName": "alpha", "endpoints": [ "192.0.2.1:51820" ] }
            }
            """;

        await using var agent = await TestAgent.StartAsync(dir, config, new InMemoryLink().Attach(new ResolvedInterface("wgc0", Index, 1420, LinkLocalAddress.FromPublicKey(self))), resolver, ct, services: s =>
        {
            s.AddSingleton<IWireGuardBackendFactory>(new InMemoryBackendFactory(device));
            s.AddSingleton<ILinkConfigurator>(link);
            s.AddSingleton<IRouteTable>(new InMemoryRouteTable());
        });

        // The enrolment's overlay addresses are on the interface (the config has none) and announced.
        var configured = Assert.Single(link.Calls);
        Assert.Contains(new InterfaceAddress(IPAddress.Parse("fd00:b1::5"), 128), configured.Addresses);
        Assert.Contains(new InterfaceAddress(IPAddress.Parse("198.18.0.5"), 32), configured.Addresses);

        // The controller's peers (itself left out) are on the device, become Babel neighbours, and are reported.
        var report = await agent.WaitForAsync(r => r.ControlPlane?.Connected == true && r.Neighbours!.Any(n => n.PublicKey == beta.ToString()), ct);
        Assert.Equal(("alpha", 1L, 1), (report.ControlPlane!.NodeName, report.ControlPlane.PeerSetVersion, report.ControlPlane.Peers));
        Assert.Contains(report.Announced!, a => a.Prefix == "198.18.0.5/32");
        var peer = Assert.Single((await device.ReadAsync(ct)).Peers);
        Assert.Equal((beta, "192.0.2.2:51820"), (peer.PublicKey, peer.Endpoint!.ToString()));
        var full = (await controller.Hub.WaitForAsync<HubEvent.FullReport>(ct)).State;
        Assert.Equal(1, full.Sequence);
        if (!full.Neighbours.Any(n => n.PeerPublicKey == beta.ToString()))
            await controller.Hub.WaitForAsync<HubEvent.Delta>(ct, d => d.Value.NeighboursUpserted.Any(n => n.PeerPublicKey == beta.ToString()));
        Assert.Contains("Controller " + controller.Url.AbsoluteUri, StatusFormatter.Full(report), StringComparison.Ordinal);

        // A node joins: the delta reaches the device, and the new neighbour reaches the controller.
        await controller.HubContext.Clients.All.PeerSetChanged(new PeerSetDeltaDto(1, 2, [Peer(gamma, "gamma", "192.0.2.3:51820")], []));
        await agent.WaitForAsync(r => r.WireGuard!.Peers.Any(p => p.PublicKey == gamma.ToString() && p.Configured), ct);
        await controller.Hub.WaitForAsync<HubEvent.Delta>(ct, d => d.Value.NeighboursUpserted.Any(n => n.PeerPublicKey == gamma.ToString()));

        // A node leaves: its peer goes from the device, its neighbour from Babel, and the controller hears of both.
        await controller.HubContext.Clients.All.PeerSetChanged(new PeerSetDeltaDto(2, 3, [], [beta.ToString()]));
        await agent.WaitForAsync(r => r.WireGuard!.Peers.All(p => p.PublicKey != beta.ToString()) && r.Neighbours!.All(n => n.PublicKey != beta.ToString()), ct);
        Assert.Equal(gamma, Assert.Single((await device.ReadAsync(ct)).Peers).PublicKey);
        // The device read and the engine's neighbour removal may fall into two reports.
        await controller.Hub.WaitForAsync<HubEvent.Delta>(ct, d => d.Value.PeersRemoved.Contains(beta.ToString()));
        await controller.Hub.WaitForAsync<HubEvent.Delta>(ct, d => d.Value.NeighboursRemoved.Contains(LinkLocalAddress.FromPublicKey(beta).ToString()));
        var after = await agent.StatusAsync(summaryOnly: false, ct);
        Assert.Equal((3L, 1), (after.ControlPlane!.PeerSetVersion, after.ControlPlane.Peers));
    }
}
