using System.Globalization;
using System.Net;
using Babelwire.Agent.SystemTests.Lab;
using Babelwire.Bench.Mesh;

namespace Babelwire.Bench.Memory;

/// <summary>
/// The agent's resident memory in WireGuard mode. A star: the measured agent M has five peers P1-P5 (agents in
/// WireGuard mode, one L2 underlay, a bridge in M's namespace, 192.0.2.0/24), each announcing its two overlay
/// addresses. M is read (VmRSS, VmHWM, RssAnon, RssFile from /proc) once it has all five neighbours and their
/// routes and has run for <see cref="Settle"/> more; then a sixth agent P6 behind P1 (its only peer, over
/// 198.51.100.0/24) announces 1,000 /64s, which reach M through P1, and M is read again. Then M is restarted with
/// each runtime-setting variant (environment variables, the agent's files untouched) and read with all routes.
/// Default Hello interval (4 s) everywhere.
/// </summary>
internal static class MemoryBenchmark
{
    private const string Benchmark = "agent memory, WireGuard mode";
    private const int Routes = 1_000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Hello = TimeSpan.FromSeconds(4);

    /// <summary>Runtime settings tried on top of the defaults, each reported before/after against the default.</summary>
    public static readonly IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Environment)> Variants =
    [
        ("GC: DOTNET_GCgen0size=0x400000 (4 MB gen0 budget), DOTNET_gcConcurrent=0", new Dictionary<string, string>
        {
            ["DOTNET_GCgen0size"] = "0x400000",
            ["DOTNET_gcConcurrent"] = "0",
        }),
        ("JIT: DOTNET_EnableWriteXorExecute=0 (no double-mapped code), DOTNET_TieredPGO=0", new Dictionary<string, string>
        {
            ["DOTNET_EnableWriteXorExecute"] = "0",
            ["DOTNET_TieredPGO"] = "0",
        }),
        ("both of the above + DOTNET_TieredCompilation=0", new Dictionary<string, string>
        {
            ["DOTNET_GCgen0size"] = "0x400000",
            ["DOTNET_gcConcurrent"] = "0",
            ["DOTNET_EnableWriteXorExecute"] = "0",
            ["DOTNET_TieredPGO"] = "0",
            ["DOTNET_TieredCompilation"] = "0",
        }),
    ];

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string agentDll, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("bench: agent memory in WireGuard mode, 5 peers, then 1,000 routes, then runtime variants");
        var rows = new List<BenchRow>();
        var nodes = new List<WireGuardNode>();
        var agents = new List<WireGuardAgent>();
        await using var lab = await NetworkLab.CreateAsync("bwb", cancellationToken);
        try
        {
            var m = await lab.AddNamespaceAsync("m", cancellationToken);
            await NetworkLab.ExecCheckedAsync(m, "ip", ["link", "add", "name", "bwbr", "type", "bridge"], cancellationToken);
            await NetworkLab.ExecCheckedAsync(m, "ip", ["link", "set", "bwbr", "up"], cancellationToken);
            await NetworkLab.ExecCheckedAsync(m, "ip", ["addr", "add", "192.0.2.1/24", "dev", "bwbr"], cancellationToken);
            var measured = WireGuardNode.Create('m', 1);
            nodes.Add(measured);
            var peerNodes = new List<(NetNamespace Ns, WireGuardNode Node)>();
            for (var i = 1; i <= 5; i++)
            {
                var ns = await lab.AddNamespaceAsync($"p{i}", cancellationToken);
                await lab.AddVethAsync(m, $"xp{i}", ns, "xm", cancellationToken);
                await NetworkLab.ExecCheckedAsync(m, "ip", ["link", "set", $"xp{i}", "master", "bwbr"], cancellationToken);
                await NetworkLab.ExecCheckedAsync(ns, "ip", ["addr", "add", $"192.0.2.{i + 1}/24", "dev", "xm"], cancellationToken);
                var node = WireGuardNode.Create((char)('0' + i), i + 1);
                nodes.Add(node);
                peerNodes.Add((ns, node));
            }

            var far = await lab.AddNamespaceAsync("p6", cancellationToken);
            await lab.AddVethAsync(peerNodes[0].Ns, "xp6", far, "xp1", cancellationToken);
            await NetworkLab.ExecCheckedAsync(peerNodes[0].Ns, "ip", ["addr", "add", "198.51.100.1/24", "dev", "xp6"], cancellationToken);
            await NetworkLab.ExecCheckedAsync(far, "ip", ["addr", "add", "198.51.100.2/24", "dev", "xp1"], cancellationToken);
            var farNode = WireGuardNode.Create('6', 7);
            nodes.Add(farNode);

            var toMeasured = new WireGuardAgent.Peer(measured, IPAddress.Parse("192.0.2.1"));
            for (var i = 0; i < peerNodes.Count; i++)
            {
                var (ns, node) = peerNodes[i];
                WireGuardAgent.Peer[] peers = i == 0
                    ? [toMeasured, new WireGuardAgent.Peer(farNode, IPAddress.Parse("198.51.100.2"))]
                    : [toMeasured];
                agents.Add(await WireGuardAgent.StartAsync(lab, ns, agentDll, node, peers, Hello, [], cancellationToken));
            }

            var measuredPeers = peerNodes.Select((p, i) => new WireGuardAgent.Peer(p.Node, IPAddress.Parse($"192.0.2.{i + 2}"))).ToArray();
            var agent = await WireGuardAgent.StartAsync(lab, m, agentDll, measured, measuredPeers, Hello, [], cancellationToken);
            agents.Add(agent);
            // Five neighbours' /128 and /32, and P6's link towards P1 makes no route of its own until P6 runs.
            var baseline = await ReadWhenSettledAsync(agent, neighbours: 5, selected: 10, cancellationToken);
            rows.Add(Row("babelwire-agent, 5 peers, 10 routes", baseline, "<= 40 MB"));

            agents.Add(await WireGuardAgent.StartAsync(
                lab, far, agentDll, farNode, [new WireGuardAgent.Peer(peerNodes[0].Node, IPAddress.Parse("198.51.100.1"))], Hello,
                FullTable.Prefixes(Routes), cancellationToken));
            var full = await ReadWhenSettledAsync(agent, neighbours: 5, selected: 12 + Routes, cancellationToken);
            rows.Add(Row($"babelwire-agent, 5 peers, {Routes:N0} routes", full, "<= 40 MB"));
            var largest = ProcessMemory.LargestMappings(agent.Process.Id, 6);
            rows.Add(new BenchRow(
                Benchmark, $"babelwire-agent, 5 peers, {Routes:N0} routes", "largest resident mappings (smaps)",
                string.Join(", ", largest.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Mapping} {m.Bytes / (1024.0 * 1024.0):F1}"))) + " MB",
                "(what dominates)"));
            rows.Add(new BenchRow(Benchmark, $"wireguard-go under that agent", "VmRSS / VmHWM", WireGuardGoMemory(measured), "(separate process)"));

            foreach (var (name, environment) in Variants)
            {
                await agent.Process.StopAsync(TimeSpan.FromSeconds(5), cancellationToken);
                agents.Remove(agent);
                agent = await WireGuardAgent.StartAsync(lab, m, agentDll, measured, measuredPeers, Hello, [], cancellationToken, environment);
                agents.Add(agent);
                var tuned = await ReadWhenSettledAsync(agent, neighbours: 5, selected: 12 + Routes, cancellationToken);
                rows.Add(Row($"babelwire-agent, 5 peers, {Routes:N0} routes; {name}", tuned, "<= 40 MB"));
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            rows.Add(new BenchRow(Benchmark, "babelwire-agent, 5 peers", "VmRSS / VmHWM", $"failed: {e.Message.Split('\n')[0]}", "<= 40 MB"));
        }
        finally
        {
            await Task.WhenAll(agents.Select(a => a.Process.StopAsync(TimeSpan.FromSeconds(5))));
            WireGuardCleanup.DeleteSockets(nodes);
        }

        return rows;
    }

    private static async Task<IReadOnlyDictionary<string, long>> ReadWhenSettledAsync(
        WireGuardAgent agent, int neighbours, int selected, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(
            $"{neighbours} neighbours and {selected} selected routes",
            async ct => (await agent.StatusAsync(ct))?.Summary, s => s is not null && s.Neighbours >= neighbours && s.SelectedRoutes >= selected,
            TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500), cancellationToken, () => agent.Process.Tail());
        await Task.Delay(Settle, cancellationToken);
        return ProcessMemory.Status(agent.Process.Id);
    }

    private static BenchRow Row(string subject, IReadOnlyDictionary<string, long> status, string target) =>
        new(Benchmark, subject, "VmRSS / VmHWM MB (RssAnon + RssFile + RssShmem)",
            string.Create(CultureInfo.InvariantCulture,
                $"{Mb(status, "VmRSS")} / {Mb(status, "VmHWM")} ({Mb(status, "RssAnon")} + {Mb(status, "RssFile")} + {Mb(status, "RssShmem")})"),
            target);

    private static string WireGuardGoMemory(WireGuardNode node)
    {
        var pid = FindWireGuardGo(node.InterfaceName);
        if (pid is null)
        {
            return "not found";
        }

        var status = ProcessMemory.Status(pid.Value);
        return string.Create(CultureInfo.InvariantCulture, $"{Mb(status, "VmRSS")} / {Mb(status, "VmHWM")} MB");
    }

    /// <summary>The wireguard-go process serving <paramref name="interfaceName"/>, from /proc command lines.</summary>
    private static int? FindWireGuardGo(string interfaceName)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.EndsWith("wireguard-go", StringComparison.Ordinal)) && arguments.Contains(interfaceName))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return null;
    }

    private static string Mb(IReadOnlyDictionary<string, long> status, string field) =>
        status.TryGetValue(field, out var bytes) ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1}") : "n/a";
}
