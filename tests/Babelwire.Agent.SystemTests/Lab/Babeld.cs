using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// A real babeld in a lab namespace, in the foreground, with its own config, pid, state file and a read-only
/// local socket (<c>-g PATH</c>, a Unix socket, so it is reachable from outside the namespace) for dumps.
/// </summary>
public sealed class Babeld
{
    public const string Executable = "/usr/sbin/babeld";

    private Babeld(BackgroundProcess process, string socketPath)
    {
        Process = process;
        SocketPath = socketPath;
    }

    public BackgroundProcess Process { get; }

    public string SocketPath { get; }

    /// <summary>
    /// Starts babeld on <paramref name="interfaceName"/> with the given config lines and 1 s Hellos: <c>-h</c> sets only
    /// the wireless interval and a veth is wired, so <c>-H</c> too. <paramref name="extraArguments"/> go before the interface.
    /// Returns once its local socket answers.
    /// </summary>
    public static async Task<Babeld> StartAsync(
        NetworkLab lab, NetNamespace ns, string interfaceName, IEnumerable<string> configLines, CancellationToken cancellationToken,
        IEnumerable<string>? extraArguments = null, int helloSeconds = 1)
    {
        var name = $"babeld-{ns.Name[(lab.Prefix.Length + 1)..]}";
        var config = lab.PathFor(name + ".conf");
        await File.WriteAllLinesAsync(config, configLines, cancellationToken);
        var socket = lab.PathFor(name + ".sock");
        var hello = helloSeconds.ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "-c", config, "-I", lab.PathFor(name + ".pid"), "-S", lab.PathFor(name + ".state"), "-g", socket,
            "-h", hello, "-H", hello, .. extraArguments ?? [], interfaceName,
        ];
        var process = lab.Start(ns, name, Executable, arguments);
        var babeld = new Babeld(process, socket);
        await Poll.UntilAsync(
            $"{name}'s local socket", async ct => await babeld.TryQueryAsync(null, ct) is not null, up => up,
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), cancellationToken, () => process.Tail());
        return babeld;
    }

    /// <summary>Babeld's current tables, from a <c>dump</c> on its local socket.</summary>
    public async Task<BabeldDump> DumpAsync(CancellationToken cancellationToken) =>
        BabeldDump.Parse(await TryQueryAsync("dump", cancellationToken)
        ?? throw new InvalidOperationException($"babeld's local socket {SocketPath} did not answer\n{Process.Tail()}"));

    /// <summary>Sends one request (or none: just the greeting) and returns the answer's lines; null if babeld is not listening.</summary>
    private async Task<List<string>?> TryQueryAsync(string? request, CancellationToken cancellationToken)
    {
        if (Process.HasExited || !File.Exists(SocketPath))
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), limit.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var greeting = await ReadUntilOkAsync(reader, limit.Token); // BABEL 1.0, version, host, my-id, ok
            if (request is null)
            {
                return greeting;
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(request + "\n"), limit.Token);
            return await ReadUntilOkAsync(reader, limit.Token);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // no answer within the 10 s limit
        }
    }

    private static async Task<List<string>> ReadUntilOkAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line is "ok" or "no" or "bad")
            {
                return lines;
            }

            lines.Add(line);
        }

        throw new IOException("babeld closed its local socket mid-answer");
    }
}
