using System.Globalization;
using System.Net;
using System.Text.Json;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Mesh;

/// <summary>
/// Our agent in WireGuard mode in a lab namespace: it creates its wireguard-go interface (userspace backend), takes
/// its key from a file the bench wrote, and has a static peer list. Its status socket is read directly (the
/// <c>full</c> request of <c>status --json</c>). The agent's wireguard-go child dies with the namespace.
/// </summary>
internal sealed class WireGuardAgent
{
    private WireGuardAgent(BackgroundProcess process, string statusSocket)
    {
        Process = process;
        StatusSocket = statusSocket;
    }

    public BackgroundProcess Process { get; }

    public string StatusSocket { get; }

    /// <summary>A peer of this host: the other node, and the underlay address it is reached at.</summary>
    public sealed record Peer(WireGuardNode Node, IPAddress Endpoint);

    public static async Task<WireGuardAgent> StartAsync(
        NetworkLab lab, NetNamespace ns, string agentDll, WireGuardNode node, IEnumerable<Peer> peers, TimeSpan helloInterval,
        IEnumerable<string> announce, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var name = $"agent-{node.Name}";
        var stateDirectory = Directory.CreateDirectory(lab.PathFor(name + "-state")).FullName;
        var keyFile = Path.Combine(stateDirectory, "wireguard.key");
        await File.WriteAllTextAsync(keyFile, node.PrivateKey.ToBase64() + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite); // the agent refuses a key others can read
        }
        var statusSocket = lab.PathFor(name + ".sock");
        var config = new Dictionary<string, object?>
        {
            ["stateDirectory"] = stateDirectory,
            ["statusSocket"] = statusSocket,
            ["logLevel"] = "Information",
            ["wireguard"] = new Dictionary<string, object?>
            {
                ["interface"] = node.InterfaceName,
                ["mode"] = "create",
                ["backend"] = "userspace",
                ["privateKeyFile"] = keyFile,
                ["listenPort"] = node.ListenPort,
                ["addresses"] = new[] { $"{node.OverlayV6}/128", $"{node.OverlayV4}/32" },
                ["helloInterval"] = string.Create(CultureInfo.InvariantCulture, $"{helloInterval.TotalSeconds}s"),
                ["peers"] = peers.Select(p => new Dictionary<string, object>
                {
                    ["publicKey"] = p.Node.PublicKey.ToBase64(),
                    ["endpoint"] = $"{p.Endpoint}:{p.Node.ListenPort}",
                }).ToArray(),
            },
            ["announce"] = announce.Select(prefix => new Dictionary<string, object> { ["prefix"] = prefix }).ToArray(),
        };
        var configPath = lab.PathFor(name + ".json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config), cancellationToken);

        var (file, arguments) = AgentBuild.CommandLine(agentDll, "run", "--config", configPath);
        var process = environment is null
            ? lab.Start(ns, name, file, arguments)
            : lab.Start(ns, name, "env", [.. environment.Select(kv => $"{kv.Key}={kv.Value}"), file, .. arguments]);
        var agent = new WireGuardAgent(process, statusSocket);
        await Poll.UntilAsync(
            $"{name}'s status socket", async ct => process.HasExited || await agent.TryRequestAsync("summary", ct) is not null, up => up,
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), cancellationToken, () => process.Tail());
        return process.HasExited
            ? throw new InvalidOperationException($"{name} exited at start\n{process.Tail()}")
            : agent;
    }

    /// <summary>The full status report, or null if the agent does not answer.</summary>
    public async Task<AgentStatus?> StatusAsync(CancellationToken cancellationToken) =>
        await TryRequestAsync("full", cancellationToken) is { } json ? AgentStatus.Parse(json) : null;

    /// <summary>How many routes (selected or not) the agent has for <paramref name="prefix"/>.</summary>
    public async Task<int> RoutesToAsync(string prefix, CancellationToken cancellationToken) =>
        (await StatusAsync(cancellationToken))?.Routes?.Count(r => r.Prefix == prefix) ?? 0;

    private Task<string?> TryRequestAsync(string request, CancellationToken cancellationToken) =>
        StatusSocketClient.TryRequestAsync(StatusSocket, request, cancellationToken);
}
