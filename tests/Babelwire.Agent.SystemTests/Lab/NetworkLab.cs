using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// A set of network namespaces, veth links and processes made for one test (or one benchmark case), all named
/// <c>{kind}-{pid}-{n}-…</c> and all torn down by <see cref="DisposeAsync"/>: processes killed, namespaces deleted,
/// temporary files removed. Labs still alive when the process exits are torn down then; labs left behind by a
/// process that died are swept when the next lab is created.
/// </summary>
public sealed partial class NetworkLab : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<NetworkLab, byte> Live = new();
    private static int s_counter;
    private static int s_swept;

    private readonly List<NetNamespace> _namespaces = [];
    private readonly List<BackgroundProcess> _processes = [];
    private int _disposed;

    static NetworkLab()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var lab in Live.Keys)
            {
                lab.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            }
        };
    }

    private NetworkLab(string prefix)
    {
        Prefix = prefix;
        TempDirectory = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    /// <summary>The per-run name prefix of everything this lab makes, e.g. <c>bwt-4242-3</c>.</summary>
    public string Prefix { get; }

    /// <summary>A private directory for config, pid, state and socket files; deleted with the lab.</summary>
    public string TempDirectory { get; }

    public IReadOnlyList<BackgroundProcess> Processes
    {
        get
        {
            lock (_processes)
            {
                return [.. _processes];
            }
        }
    }

    /// <summary>Makes an empty lab. <paramref name="kind"/> is a short tag (<c>bwt</c> for tests, <c>bwb</c> for the bench).</summary>
    public static async Task<NetworkLab> CreateAsync(string kind, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref s_swept, 1) == 0)
        {
            await SweepAbandonedAsync(cancellationToken);
        }

        var number = Interlocked.Increment(ref s_counter);
        var lab = new NetworkLab($"{kind}-{Environment.ProcessId}-{number}") { Number = number };
        Live[lab] = 0;
        return lab;
    }

    /// <summary>A file path inside the lab's temporary directory.</summary>
    public string PathFor(string fileName) => Path.Combine(TempDirectory, fileName);

    /// <summary>Creates a namespace with loopback up and duplicate address detection off (link-locals usable at once).</summary>
    public async Task<NetNamespace> AddNamespaceAsync(string shortName, CancellationToken cancellationToken)
    {
        var ns = new NetNamespace($"{Prefix}-{shortName}");
        await Command.CheckedAsync("ip", ["netns", "add", ns.Name], cancellationToken: cancellationToken);
        lock (_namespaces)
        {
            _namespaces.Add(ns);
        }

        await ExecCheckedAsync(ns, "ip", ["link", "set", "lo", "up"], cancellationToken);
        await ExecCheckedAsync(ns, "sysctl", ["-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"], cancellationToken);
        return ns;
    }

    /// <summary>
    /// Joins two namespaces with a veth pair made directly inside them (so names never clash in the root namespace),
    /// brings both ends up and waits, bounded, for their link-local addresses.
    /// </summary>
    public async Task<VethLink> AddVethAsync(
        NetNamespace a, string interfaceA, NetNamespace b, string interfaceB, CancellationToken cancellationToken)
    {
        await Command.CheckedAsync(
            "ip", ["link", "add", interfaceA, "netns", a.Name, "type", "veth", "peer", "name", interfaceB, "netns", b.Name],
            cancellationToken: cancellationToken);
        await ExecCheckedAsync(a, "ip", ["link", "set", interfaceA, "up"], cancellationToken);
        await ExecCheckedAsync(b, "ip", ["link", "set", interfaceB, "up"], cancellationToken);
        var linkLocalA = await WaitForLinkLocalAsync(a, interfaceA, cancellationToken);
        var linkLocalB = await WaitForLinkLocalAsync(b, interfaceB, cancellationToken);
        return new VethLink(a, interfaceA, linkLocalA, b, interfaceB, linkLocalB);
    }

    /// <summary>Runs a short command inside <paramref name="ns"/> (<c>ip netns exec</c>).</summary>
    public static Task<ProcessResult> ExecAsync(
        NetNamespace ns, string file, IEnumerable<string> arguments, CancellationToken cancellationToken,
        TimeSpan? timeout = null, string? standardInput = null) =>
        Command.RunAsync("ip", ["netns", "exec", ns.Name, file, .. arguments], timeout, standardInput, cancellationToken);

    /// <summary>Like <see cref="ExecAsync"/>, but throws with the command's output unless it exits 0.</summary>
    public static Task<ProcessResult> ExecCheckedAsync(
        NetNamespace ns, string file, IEnumerable<string> arguments, CancellationToken cancellationToken,
        TimeSpan? timeout = null, string? standardInput = null) =>
        Command.CheckedAsync("ip", ["netns", "exec", ns.Name, file, .. arguments], timeout, standardInput, cancellationToken);

    /// <summary>
    /// Starts a long-running process inside <paramref name="ns"/>. <c>ip netns exec</c> execs the program, so
    /// <see cref="BackgroundProcess.Id"/> is the program's own pid (for /proc/PID/status).
    /// </summary>
    public BackgroundProcess Start(
        NetNamespace ns, string name, string file, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        var process = BackgroundProcess.Start(name, "ip", ["netns", "exec", ns.Name, file, .. arguments], onLine);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Every process's last output, for a failure message.</summary>
    public string Diagnostics()
    {
        var processes = Processes;
        return processes.Count == 0 ? "(no processes)" : string.Join('\n', processes.Select(p => p.Tail()));
    }

    /// <summary>Kills every process, deletes every namespace and the temporary directory. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var process in Processes)
        {
            await process.DisposeAsync();
        }

        DeleteRegisteredFiles();

        NetNamespace[] namespaces;
        lock (_namespaces)
        {
            namespaces = [.. _namespaces];
        }

        foreach (var ns in namespaces)
        {
            await DeleteNamespaceAsync(ns.Name);
        }

        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the directory is in /tmp and harmless.
        }

        Live.TryRemove(this, out _);
    }

    private static async Task<IPAddress> WaitForLinkLocalAsync(NetNamespace ns, string interfaceName, CancellationToken cancellationToken)
    {
        return await Poll.UntilAsync(
            $"a link-local address on {interfaceName} in {ns}",
            async ct =>
            {
                var result = await ExecCheckedAsync(ns, "ip", ["-j", "-6", "addr", "show", "dev", interfaceName, "scope", "link"], ct);
                return ParseLinkLocal(result.StandardOutput);
            },
            address => address is not null,
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), cancellationToken) ?? IPAddress.None;
    }

    private static IPAddress? ParseLinkLocal(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("addr_info", out var addresses))
            {
                continue;
            }

            foreach (var address in addresses.EnumerateArray())
            {
                var tentative = address.TryGetProperty("tentative", out var t) && t.ValueKind == JsonValueKind.True;
                if (!tentative && IPAddress.TryParse(address.GetProperty("local").GetString(), out var parsed))
                {
                    return parsed;
                }
            }
        }

        return null;
    }

    private static async Task DeleteNamespaceAsync(string name)
    {
        // Anything still running inside (a process started by hand, a child that escaped) would keep it alive.
        var pids = await Command.RunAsync("ip", ["netns", "pids", name]);
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await Command.RunAsync("kill", ["-KILL", pid]);
        }

        await Command.RunAsync("ip", ["netns", "delete", name]);
    }

    /// <summary>Deletes namespaces named <c>bw?-PID-…</c> whose PID is no longer running (a crashed earlier run).</summary>
    private static async Task SweepAbandonedAsync(CancellationToken cancellationToken)
    {
        var list = await Command.RunAsync("ip", ["netns", "list"], cancellationToken: cancellationToken);
        foreach (var line in list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = AbandonedName().Match(line);
            if (match.Success
                && int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture) != Environment.ProcessId
                && !Directory.Exists($"/proc/{match.Groups["pid"].Value}"))
            {
                await DeleteNamespaceAsync(match.Groups["name"].Value);
            }
        }

        SweepAbandonedWireGuardSockets();
    }

    [GeneratedRegex(@"^(?<name>bw[tb]-(?<pid>\d+)-\d+-\S+)")]
    private static partial Regex AbandonedName();
}
