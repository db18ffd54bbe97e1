using System.Globalization;
using System.Text.Json;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Our agent (<c>dotnet babelwire-agent.dll run --config FILE</c>) in a lab namespace, with its config, state
/// directory and status socket in the lab's temporary directory.
/// </summary>
public sealed class AgentProcess
{
    private AgentProcess(string agentDll, BackgroundProcess process, string configPath, string statusSocket)
    {
        AgentDll = agentDll;
        Process = process;
        ConfigPath = configPath;
        StatusSocket = statusSocket;
    }

    public string AgentDll { get; }

    public BackgroundProcess Process { get; }

    public string ConfigPath { get; }

    public string StatusSocket { get; }

    /// <summary>A prefix to announce, with the metric to advertise it at.</summary>
    public sealed record Announcement(string Prefix, int Metric = 0);

    /// <summary>
    /// Writes a config for one multicast interface with the given Hello interval and announcements, starts the agent,
    /// and returns once its status socket answers.
    /// </summary>
    public static async Task<AgentProcess> StartAsync(
        NetworkLab lab, NetNamespace ns, string agentDll, string interfaceName, IEnumerable<Announcement> announce,
        CancellationToken cancellationToken, TimeSpan? helloInterval = null, TimeSpan? updateInterval = null, TimeSpan? startTimeout = null)
    {
        var name = $"agent-{ns.Name[(lab.Prefix.Length + 1)..]}";
        var stateDirectory = Directory.CreateDirectory(lab.PathFor(name + "-state")).FullName;
        var statusSocket = lab.PathFor(name + ".sock");
        var config = new Dictionary<string, object?>
        {
            ["stateDirectory"] = stateDirectory,
            ["statusSocket"] = statusSocket,
            ["logLevel"] = "Information",
            ["interfaces"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["name"] = interfaceName,
                    ["kind"] = "multicast",
                    ["helloInterval"] = Seconds(helloInterval ?? TimeSpan.FromSeconds(1)),
                    ["updateInterval"] = updateInterval is { } update ? Seconds(update) : null,
                }.Where(kv => kv.Value is not null).ToDictionary(),
            },
            ["announce"] = announce.Select(a => new Dictionary<string, object> { ["prefix"] = a.Prefix, ["metric"] = a.Metric }).ToArray(),
        };
        return await StartWithConfigAsync(lab, ns, agentDll, name, config, cancellationToken, startTimeout);
    }

    /// <summary>
    /// Writes <paramref name="config"/> as <c>{name}.json</c> in the lab, starts the agent on it in <paramref name="ns"/>
    /// as process <paramref name="name"/>, and returns once its status socket (the config's <c>statusSocket</c>) answers.
    /// </summary>
    public static async Task<AgentProcess> StartWithConfigAsync(
        NetworkLab lab, NetNamespace ns, string agentDll, string name, IReadOnlyDictionary<string, object?> config,
        CancellationToken cancellationToken, TimeSpan? startTimeout = null)
    {
        var statusSocket = (string)config["statusSocket"]!;
        var configPath = lab.PathFor(name + ".json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);

        var (file, arguments) = AgentBuild.CommandLine(agentDll, "run", "--config", configPath);
        var process = lab.Start(ns, name, file, arguments);
        var agent = new AgentProcess(agentDll, process, configPath, statusSocket);
        await Poll.UntilAsync(
            $"{name}'s status socket", async ct => process.HasExited || await agent.TryRequestAsync("summary", ct) is not null, up => up,
            startTimeout ?? TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100), cancellationToken,
            () => $"config:\n{ConfigExcerpt(configPath)}\n{process.Tail()}");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"the agent exited at start\nconfig:\n{ConfigExcerpt(configPath)}\n{process.Tail()}");
        }

        return agent;
    }

    /// <summary>The full report, through the real command line: <c>babelwire-agent status --json --socket PATH</c>.</summary>
    public async Task<AgentStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var (file, arguments) = AgentBuild.CommandLine(AgentDll, "status", "--json", "--socket", StatusSocket);
        var result = await Command.RunAsync(file, arguments, TimeSpan.FromSeconds(20), cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{result}\n{Process.Tail()}");
        }

        return AgentStatus.Parse(result.StandardOutput);
    }

    /// <summary>
    /// The summary report straight from the status socket (the request <c>status --summary</c> sends), without
    /// starting a process per poll: what the benchmark polls. Null if the agent does not answer.
    /// </summary>
    public async Task<AgentStatus?> SummaryAsync(CancellationToken cancellationToken) =>
        await TryRequestAsync("summary", cancellationToken) is { } json ? AgentStatus.Parse(json) : null;

    /// <summary>
    /// The <c>counters</c> object of the full report, straight from the status socket (host, engine, decoder and, in
    /// WireGuard mode, <c>wireguard.*</c> and <c>routing.*</c> counters; Agent/README.md lists them).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CountersAsync(CancellationToken cancellationToken)
    {
        var json = await TryRequestAsync("full", cancellationToken)
            ?? throw new InvalidOperationException($"the agent's status socket did not answer\n{Process.Tail()}");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("counters", out var counters)
            ? counters.EnumerateObject().Where(c => c.Value.ValueKind == JsonValueKind.Number).ToDictionary(c => c.Name, c => c.Value.GetInt64())
            : new Dictionary<string, long>();
    }

    private Task<string?> TryRequestAsync(string request, CancellationToken cancellationToken) =>
        StatusSocketClient.TryRequestAsync(StatusSocket, request, cancellationToken);

    private static string ConfigExcerpt(string configPath)
    {
        var text = File.ReadAllText(configPath);
        return text.Length <= 2000 ? text : text[..2000] + "\n…";
    }

    private static string Seconds(TimeSpan interval) =>
        string.Create(CultureInfo.InvariantCulture, $"{interval.TotalSeconds}s");
}
