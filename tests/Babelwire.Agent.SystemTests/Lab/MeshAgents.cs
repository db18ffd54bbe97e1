using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// One agent per <see cref="WireGuardMeshLab"/> host, in WireGuard mode (Agent/README.md, <c>wireguard</c> section).
/// By default the agent creates the host's wireguard-go interface with the host's key, puts the overlay /128 and /32
/// on it, announces them, and has every other host as a static peer with the endpoint
/// <see cref="WireGuardMeshLab.EndpointOf"/> gives. With <see cref="Adopt"/> it adopts the interface the lab made
/// (<see cref="WireGuardMeshLab.StartWireGuardAsync"/>) and reads the peers from it.
/// </summary>
public sealed class MeshAgents
{
    private readonly Dictionary<MeshHost, AgentProcess> _agents = [];

    public MeshAgents(WireGuardMeshLab mesh, string agentDll, TimeSpan helloInterval, bool adopt = false)
    {
        Mesh = mesh;
        AgentDll = agentDll;
        HelloInterval = helloInterval;
        Adopt = adopt;
    }

    /// <summary>The agents adopt existing interfaces (<c>mode: adopt</c>) instead of creating them.</summary>
    public bool Adopt { get; }

    public WireGuardMeshLab Mesh { get; }

    public string AgentDll { get; }

    public TimeSpan HelloInterval { get; }

    public AgentProcess this[MeshHost host] => _agents[host];

    /// <summary>The prefixes a host's agent announces: its overlay /128 and /32.</summary>
    public static IEnumerable<string> AnnouncedBy(MeshHost host) => [host.OverlayIPv6Prefix, host.OverlayIPv4Prefix];

    /// <summary>Starts every host's agent, one after the other.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var host in Mesh.Hosts)
        {
            await StartAsync(host, cancellationToken);
        }
    }

    /// <summary>Starts (or restarts, with the same config and state directory) <paramref name="host"/>'s agent.</summary>
    public async Task<AgentProcess> StartAsync(MeshHost host, CancellationToken cancellationToken)
    {
        var lab = Mesh.Lab;
        var name = "agent-" + host.Name;
        var keyFile = lab.PathFor(name + ".key");
        if (!File.Exists(keyFile))
        {
            await host.Keys.WritePrivateKeyAsync(keyFile, cancellationToken);
        }

        lab.DeleteOnDispose(Path.Combine(NetworkLab.WireGuardSocketDirectory, host.WireGuardInterface + ".sock"));
        var config = new Dictionary<string, object?>
        {
            ["stateDirectory"] = Directory.CreateDirectory(lab.PathFor(name + "-state")).FullName,
            ["statusSocket"] = lab.PathFor(name + ".sock"),
            ["logLevel"] = "Information",
            ["wireguard"] = Adopt
                ? new Dictionary<string, object?>
                {
                    ["interface"] = host.WireGuardInterface,
                    ["mode"] = "adopt",
                    ["socketDirectory"] = NetworkLab.WireGuardSocketDirectory,
                    ["addresses"] = AnnouncedBy(host).ToArray(),
                    ["helloInterval"] = Duration(HelloInterval),
                }
                : new Dictionary<string, object?>
                {
                    ["interface"] = host.WireGuardInterface,
                    ["mode"] = "create",
                    ["backend"] = "userspace",
                    ["wireGuardGo"] = WireGuardGo.Executable,
                    ["socketDirectory"] = NetworkLab.WireGuardSocketDirectory,
                    ["privateKeyFile"] = keyFile,
                    ["listenPort"] = MeshHost.ListenPort,
                    ["addresses"] = AnnouncedBy(host).ToArray(),
                    ["helloInterval"] = Duration(HelloInterval),
                    ["peers"] = Mesh.Hosts.Where(p => p != host).Select(p => new Dictionary<string, object?>
                    {
                        ["publicKey"] = p.Keys.PublicKey,
                        ["endpoint"] = Mesh.EndpointOf(p, host).ToString(),
                    }).ToArray(),
                },
        };
        var agent = await AgentProcess.StartWithConfigAsync(lab, host.Namespace, AgentDll, name, config, cancellationToken);
        _agents[host] = agent;
        return agent;
    }

    /// <summary>
    /// Kills <paramref name="host"/>'s agent with SIGKILL, as a crash would, and waits for it to be gone. With
    /// <paramref name="withChildren"/> its wireguard-go goes too (the host died); without, wireguard-go is orphaned
    /// and keeps the interface with everything the agent had programmed (only the agent died).
    /// </summary>
    public async Task KillAsync(MeshHost host, bool withChildren, CancellationToken cancellationToken)
    {
        var process = _agents[host].Process;
        if (withChildren)
        {
            process.Kill();
        }
        else
        {
            await Command.CheckedAsync("kill", ["-KILL", process.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken);
        }

        await process.WaitForExitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <summary>Stops <paramref name="host"/>'s agent with SIGTERM (a clean shutdown), killing it after 10 s.</summary>
    public Task StopAsync(MeshHost host, CancellationToken cancellationToken) =>
        _agents[host].Process.StopAsync(TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>Every agent's last output.</summary>
    public string Diagnostics() => Mesh.Lab.Diagnostics();

    /// <summary>The link-local address on <paramref name="host"/>'s WireGuard interface (the agent puts exactly one there).</summary>
    public static async Task<IPAddress> LinkLocalOfAsync(MeshHost host, CancellationToken cancellationToken)
    {
        var result = await NetworkLab.ExecCheckedAsync(host.Namespace, "ip", ["-j", "-6", "addr", "show", "dev", host.WireGuardInterface, "scope", "link"], cancellationToken);
        using var document = JsonDocument.Parse(result.StandardOutput);
        var addresses = document.RootElement.EnumerateArray()
            .SelectMany(l => l.TryGetProperty("addr_info", out var info) ? info.EnumerateArray().ToList() : [])
            .Where(a => a.TryGetProperty("local", out _))
            .Select(a => IPAddress.Parse(a.GetProperty("local").GetString()!)).ToList();
        return addresses.Count == 1
            ? addresses[0]
            : throw new InvalidOperationException($"{host.WireGuardInterface} in {host.Namespace} has {addresses.Count} link-local addresses: {result.StandardOutput}");
    }

    private static string Duration(TimeSpan interval) =>
        string.Create(CultureInfo.InvariantCulture, $"{interval.TotalMilliseconds}ms");
}
