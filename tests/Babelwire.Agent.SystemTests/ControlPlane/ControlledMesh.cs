using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Agent.SystemTests.ControlPlane;

/// <summary>
/// Three hosts a — b — c (a <see cref="WireGuardMeshLab"/> line: a and c share no underlay link and have no route to
/// each other's underlay address), plus a management link from the root namespace, where the controller runs, to b:
/// a veth with a per-run name and a per-run /30 from 203.0.113.0/24 (root .1, b .2). b masquerades what it forwards
/// to the root namespace, so the root needs no route into the lab; a and c route only the management /30 and b's
/// other underlay address through b. Every agent runs in WireGuard mode with a <c>controller</c> section (URL and
/// token) and no peers or overlay addresses of its own.
/// </summary>
public sealed class ControlledMesh : IAsyncDisposable
{
    private const string ManagementInterface = "uctl";

    private readonly Dictionary<MeshHost, AgentProcess> _agents = [];
    private readonly IReadOnlyList<string> _rootInterfaces;

    // With management links, each agent advertises only its underlay addresses: peers must never learn a management
    // address as an endpoint, or a cut underlay link would not cut anything.
    private readonly IReadOnlyDictionary<MeshHost, IReadOnlyList<string>>? _advertisedEndpoints;

    private ControlledMesh(
        WireGuardMeshLab mesh, string agentDll, IReadOnlyList<string> rootInterfaces, IPAddress controllerAddress,
        IReadOnlyDictionary<MeshHost, IReadOnlyList<string>>? advertisedEndpoints = null)
    {
        Mesh = mesh;
        AgentDll = agentDll;
        _rootInterfaces = rootInterfaces;
        ControllerAddress = controllerAddress;
        _advertisedEndpoints = advertisedEndpoints;
    }

    public WireGuardMeshLab Mesh { get; }

    /// <summary>The root namespace's address on the management link, where the controller listens.</summary>
    public IPAddress ControllerAddress { get; }

    public MeshHost this[string name] => Mesh[name];

    public AgentProcess AgentOf(MeshHost host) => _agents[host];

    /// <summary>The agent build the hosts run.</summary>
    public string AgentDll { get; }

    public static async Task<ControlledMesh> CreateAsync(string agentDll, CancellationToken cancellationToken)
    {
        var mesh = await WireGuardMeshLab.CreateAsync(["a", "b", "c"], [("a", "b"), ("b", "c")], cancellationToken);
        var rootInterface = mesh.Lab.UniqueInterfaceName("ct");
        try
        {
            var (a, b, c) = (mesh["a"], mesh["b"], mesh["c"]);
            var ab = mesh.Link("a", "b");
            var bc = mesh.Link("b", "c");
            var subnet = await FreeManagementSubnetAsync(cancellationToken);
            var root = IPAddress.Parse($"203.0.113.{subnet + 1}");
            var bSide = IPAddress.Parse($"203.0.113.{subnet + 2}");
            var network = $"203.0.113.{subnet}/30";

            await Command.CheckedAsync("ip", ["link", "add", rootInterface, "type", "veth", "peer", "name", ManagementInterface, "netns", b.Namespace.Name], cancellationToken: cancellationToken);
            await Command.CheckedAsync("ip", ["addr", "add", $"{root}/30", "dev", rootInterface], cancellationToken: cancellationToken);
            await Command.CheckedAsync("ip", ["link", "set", rootInterface, "up"], cancellationToken: cancellationToken);
            await NetworkLab.ExecCheckedAsync(b.Namespace, "ip", ["addr", "add", $"{bSide}/30", "dev", ManagementInterface], cancellationToken);
            await NetworkLab.ExecCheckedAsync(b.Namespace, "ip", ["link", "set", ManagementInterface, "up"], cancellationToken);
            await NetworkLab.ExecCheckedAsync(
                b.Namespace, "nft", ["-f", "-"], cancellationToken,
                standardInput: $"table ip bwnat {{\n chain post {{\n  type nat hook postrouting priority srcnat; policy accept;\n  oifname \"{ManagementInterface}\" masquerade\n }}\n}}\n");

            // a and c: the management /30 and b's far underlay address (one of b's endpoints) via b; nothing of each other.
            await NetworkLab.ExecCheckedAsync(a.Namespace, "ip", ["route", "add", network, "via", ab.AddressOf(b).ToString()], cancellationToken);
            await NetworkLab.ExecCheckedAsync(a.Namespace, "ip", ["route", "add", $"{bc.AddressOf(b)}/32", "via", ab.AddressOf(b).ToString()], cancellationToken);
            await NetworkLab.ExecCheckedAsync(c.Namespace, "ip", ["route", "add", network, "via", bc.AddressOf(b).ToString()], cancellationToken);
            await NetworkLab.ExecCheckedAsync(c.Namespace, "ip", ["route", "add", $"{ab.AddressOf(b)}/32", "via", bc.AddressOf(b).ToString()], cancellationToken);
            return new ControlledMesh(mesh, agentDll, [rootInterface], root);
        }
        catch
        {
            await Command.RunAsync("ip", ["link", "del", rootInterface], cancellationToken: CancellationToken.None);
            await mesh.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Any underlay (<paramref name="hostNames"/> joined by <paramref name="links"/>, as <see cref="WireGuardMeshLab"/>
    /// makes it), plus a management veth from the root namespace to every host, each with a /30 of its own from
    /// 203.0.113.0/24: the controller listens on the first host's root-side address, and every other host routes
    /// that one address over its own veth. Management links carry only the control plane: cutting an underlay link
    /// leaves every agent connected to the controller, which is what a dashboard watching a reroute needs.
    /// </summary>
    public static async Task<ControlledMesh> CreateWithManagementLinksAsync(
        string agentDll, IReadOnlyList<string> hostNames, IReadOnlyList<(string A, string B)> links, CancellationToken cancellationToken)
    {
        var mesh = await WireGuardMeshLab.CreateAsync(hostNames, links, cancellationToken);
        List<string> rootInterfaces = [];
        try
        {
            IPAddress? controllerAddress = null;
            foreach (var host in mesh.Hosts)
            {
                var rootInterface = mesh.Lab.UniqueInterfaceName("m" + host.Name);
                await Command.CheckedAsync("ip", ["link", "add", rootInterface, "type", "veth", "peer", "name", ManagementInterface, "netns", host.Namespace.Name], cancellationToken: cancellationToken);
                rootInterfaces.Add(rootInterface);
                var subnet = await FreeManagementSubnetAsync(cancellationToken);
                var root = IPAddress.Parse($"203.0.113.{subnet + 1}");
                await Command.CheckedAsync("ip", ["addr", "add", $"{root}/30", "dev", rootInterface], cancellationToken: cancellationToken);
                await Command.CheckedAsync("ip", ["link", "set", rootInterface, "up"], cancellationToken: cancellationToken);
                await NetworkLab.ExecCheckedAsync(host.Namespace, "ip", ["addr", "add", $"203.0.113.{subnet + 2}/30", "dev", ManagementInterface], cancellationToken);
                await NetworkLab.ExecCheckedAsync(host.Namespace, "ip", ["link", "set", ManagementInterface, "up"], cancellationToken);
                if (controllerAddress is null)
                {
                    controllerAddress = root;
                }
                else
                {
                    await NetworkLab.ExecCheckedAsync(host.Namespace, "ip", ["route", "add", $"{controllerAddress}/32", "via", root.ToString()], cancellationToken);
                }
            }

            // A peer's WireGuard endpoint is the first one it announced, which may sit on another of its links: route
            // each neighbour's other underlay addresses over the link shared with it (and nothing of non-neighbours),
            // so that the pair talks exactly while their shared link is up.
            foreach (var link in mesh.Links)
            {
                foreach (var (self, other) in new[] { (link.A, link.B), (link.B, link.A) })
                {
                    foreach (var far in mesh.Links.Where(l => l != link && l.Touches(other) && !l.Touches(self)))
                    {
                        await NetworkLab.ExecCheckedAsync(
                            self.Namespace, "ip", ["route", "add", $"{far.AddressOf(other)}/32", "via", link.AddressOf(other).ToString()], cancellationToken);
                    }
                }
            }

            var endpoints = mesh.Hosts.ToDictionary(
                h => h,
                h => (IReadOnlyList<string>)[.. mesh.Links.Where(l => l.Touches(h)).Select(l => $"{l.AddressOf(h)}:{MeshHost.ListenPort}")]);
            return new ControlledMesh(mesh, agentDll, rootInterfaces, controllerAddress!, endpoints);
        }
        catch
        {
            foreach (var rootInterface in rootInterfaces)
            {
                await Command.RunAsync("ip", ["link", "del", rootInterface], cancellationToken: CancellationToken.None);
            }

            await mesh.DisposeAsync();
            throw;
        }
    }

    /// <summary>A free TCP port on <see cref="ControllerAddress"/>.</summary>
    public IPEndPoint FreeControllerEndpoint()
    {
        using var listener = new TcpListener(ControllerAddress, 0);
        listener.Start();
        return (IPEndPoint)listener.LocalEndpoint;
    }

    /// <summary>
    /// Starts (or restarts, with the same config and state directory) <paramref name="host"/>'s agent: WireGuard
    /// mode (wireguard-go, listen port 51820, 1 s Hellos), no peers, no addresses, and a <c>controller</c> section
    /// with only the URL and the token.
    /// </summary>
    public async Task<AgentProcess> StartAgentAsync(MeshHost host, Uri controller, string token, CancellationToken cancellationToken)
    {
        var lab = Mesh.Lab;
        var name = "agent-" + host.Name;
        lab.DeleteOnDispose(Path.Combine(NetworkLab.WireGuardSocketDirectory, host.WireGuardInterface + ".sock"));
        var config = new Dictionary<string, object?>
        {
            ["stateDirectory"] = Directory.CreateDirectory(lab.PathFor(name + "-state")).FullName,
            ["statusSocket"] = lab.PathFor(name + ".sock"),
            ["logLevel"] = "Information",
            ["wireguard"] = new Dictionary<string, object?>
            {
                ["interface"] = host.WireGuardInterface,
                ["mode"] = "create",
                ["backend"] = "userspace",
                ["wireGuardGo"] = WireGuardGo.Executable,
                ["socketDirectory"] = NetworkLab.WireGuardSocketDirectory,
                ["listenPort"] = MeshHost.ListenPort,
                ["helloInterval"] = "1s",
            },
            ["controller"] = _advertisedEndpoints?.GetValueOrDefault(host) is { } endpoints
                ? new Dictionary<string, object?> { ["url"] = controller.ToString(), ["token"] = token, ["nodeName"] = host.Name, ["endpoints"] = endpoints }
                : new Dictionary<string, object?> { ["url"] = controller.ToString(), ["token"] = token },
        };

        // Enrolment happens before the status socket opens, so allow for a controller that answers slowly.
        var agent = await AgentProcess.StartWithConfigAsync(lab, host.Namespace, AgentDll, name, config, cancellationToken, TimeSpan.FromSeconds(60));
        _agents[host] = agent;
        return agent;
    }

    /// <summary>The agent's controller link and WireGuard interface, from <c>status --json</c> over its socket.</summary>
    public async Task<ControlledAgentStatus?> StatusAsync(MeshHost host, CancellationToken cancellationToken)
    {
        var json = await StatusSocketClient.TryRequestAsync(_agents[host].StatusSocket, "full", cancellationToken);
        return json is null ? null : ControlledAgentStatus.Parse(json);
    }

    public Task<WireGuardDump> DumpAsync(MeshHost host, CancellationToken cancellationToken) =>
        WireGuardDump.ReadAsync(host.Namespace, host.WireGuardInterface, cancellationToken);

    /// <summary>Every device, every route table and every process's last output, for a failure message.</summary>
    public string Diagnostics(params BackgroundProcess?[] more)
    {
        var devices = Mesh.DescribeWireGuardAsync(CancellationToken.None).GetAwaiter().GetResult();
        return devices + "\n" + Mesh.Lab.Diagnostics() + string.Concat(more.OfType<BackgroundProcess>().Select(p => "\n" + p.Tail()));
    }

    public async ValueTask DisposeAsync()
    {
        await Mesh.DisposeAsync();

        // Deleting the hosts' namespaces took the veth pairs with them; this is for the case it did not.
        foreach (var rootInterface in _rootInterfaces)
        {
            await Command.RunAsync("ip", ["link", "del", rootInterface], cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>A /30 of 203.0.113.0/24 no root interface uses yet (by the process id, then the next free one).</summary>
    private static async Task<int> FreeManagementSubnetAsync(CancellationToken cancellationToken)
    {
        var used = (await Command.CheckedAsync("ip", ["-4", "-o", "addr", "show"], cancellationToken: cancellationToken)).StandardOutput;
        var start = Environment.ProcessId % 64;
        for (var i = 0; i < 64; i++)
        {
            var subnet = ((start + i) % 64) * 4;
            if (!used.Contains(string.Create(CultureInfo.InvariantCulture, $"203.0.113.{subnet + 1}/"), StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("every /30 of 203.0.113.0/24 is in use in the root namespace");
    }
}
