using Babelwire.Agent.SystemTests.Infrastructure;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.SystemTests.Mesh;

/// <summary>
/// Issue 3's interoperability case: on a point-to-point WireGuard link, a babeld whose only peer is our node (with
/// fe80::/64 and ff02::1:6 in that peer's AllowedIPs, since babeld multicasts its Hellos) and our agent in WireGuard
/// mode exchange routes, and traffic follows them both ways.
/// </summary>
public sealed class BabeldWireGuardInteropTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_babeld_peer_and_the_agent_exchange_overlay_routes_over_one_wireguard_link()
    {
        var agentDll = Prerequisites.RequireWireGuardGoAndAgent();
        Prerequisites.RequireBabeld();
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await WireGuardMeshLab.CreateAsync(["a", "b"], [("a", "b")], ct);
        var (babeldHost, agentHost) = (mesh["a"], mesh["b"]);

        // babeld's side, configured as an operator would: the link-local the agent expects of this key, one peer.
        var babeldLinkLocal = LinkLocalAddress.FromPublicKey(WireGuardKey.Parse(babeldHost.Keys.PublicKey));
        var agentLinkLocal = LinkLocalAddress.FromPublicKey(WireGuardKey.Parse(agentHost.Keys.PublicKey));
        var device = await mesh.StartWireGuardAsync(babeldHost, ct, overlayAddresses: false, linkLocal: babeldLinkLocal);
        await device.SetAsync(
            ["peer", agentHost.Keys.PublicKey, "allowed-ips", $"fe80::/64,ff02::1:6/128,{agentHost.OverlayIPv6Prefix},{agentHost.OverlayIPv4Prefix}"], ct);
        await NetworkLab.ExecCheckedAsync(babeldHost.Namespace, "ip", ["addr", "add", babeldHost.OverlayIPv6Prefix, "dev", "lo"], ct);
        await NetworkLab.ExecCheckedAsync(babeldHost.Namespace, "ip", ["addr", "add", babeldHost.OverlayIPv4Prefix, "dev", "lo"], ct);
        var babeld = await Babeld.StartAsync(
            mesh.Lab, babeldHost.Namespace, babeldHost.WireGuardInterface,
            ["redistribute local ip 2001:db8:ff::/64 ge 128 allow", "redistribute local ip 198.18.0.0/24 ge 32 allow", "redistribute local deny", "redistribute deny"],
            ct);

        var agents = new MeshAgents(mesh, agentDll, TimeSpan.FromSeconds(1));
        var agent = await agents.StartAsync(agentHost, ct);
        string Diagnostics() => mesh.DescribeWireGuardAsync(CancellationToken.None).GetAwaiter().GetResult() + "\n" + mesh.Lab.Diagnostics();

        // babeld → agent: babeld's overlay lands in its peer's AllowedIPs and the agent's kernel table.
        await Poll.UntilAsync(
            "the agent to route babeld's overlay /128 and /32 through babeld's peer",
            async token => (await WireGuardDump.ReadAsync(agentHost.Namespace, agentHost.WireGuardInterface, token)).PeerWithKey(babeldHost.Keys.PublicKey),
            peer => peer is not null && peer.AllowedIps.Contains(babeldHost.OverlayIPv6Prefix) && peer.AllowedIps.Contains(babeldHost.OverlayIPv4Prefix),
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        // The kernel routes follow the AllowedIPs transaction (the programmer writes the device first).
        await Poll.UntilAsync(
            "the agent's kernel routes to babeld's overlay /128 and /32",
            async token => KernelRouteTable.Destinations(await KernelRouteTable.ReadAsync(agentHost.Namespace, agentHost.WireGuardInterface, token)),
            routes => routes.Contains(babeldHost.OverlayIPv6Prefix) && routes.Contains(babeldHost.OverlayIPv4Prefix),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), ct, Diagnostics);

        // agent → babeld: babeld installs the agent's overlay via the agent's derived link-local.
        var babeldRoutes = await Poll.UntilAsync(
            "babeld to install the agent's overlay /128 and /32",
            token => KernelRouteTable.ReadAsync(babeldHost.Namespace, babeldHost.WireGuardInterface, token),
            lines => lines.Any(l => l.StartsWith($"{agentHost.OverlayIPv6} via {agentLinkLocal}", StringComparison.Ordinal))
                && lines.Any(l => l.StartsWith($"{agentHost.OverlayIPv4} via inet6 {agentLinkLocal}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250), ct, Diagnostics);
        Assert.Contains(babeldRoutes, l => l.Contains("proto babel", StringComparison.Ordinal));

        await OverlayProbe.WaitForPingAsync(agentHost.Namespace, babeldHost.OverlayIPv6, TimeSpan.FromSeconds(10), ct, Diagnostics);
        await OverlayProbe.WaitForPingAsync(babeldHost.Namespace, agentHost.OverlayIPv4, TimeSpan.FromSeconds(10), ct, Diagnostics);
        Assert.False(agent.Process.HasExited);
        Assert.False(babeld.Process.HasExited);
    }
}
