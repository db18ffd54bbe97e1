using System.Diagnostics;
using System.Reflection;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Controller;

/// <summary>
/// Runs the controller benchmark in a network namespace of its own (PostgreSQL, the controller and the simulated
/// agents all on its loopback, so its byte counters hold only their traffic): the namespace is made here, this
/// benchmark's own executable runs inside it with <c>--controller-child</c>, and whatever is left in the namespace is
/// killed and the namespace deleted afterwards, also on failure or Ctrl+C.
/// </summary>
internal static class ControllerNamespaceRun
{
    public const string ChildFlag = "--controller-child";

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string namespaceName, IEnumerable<string> childArguments, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        await Command.CheckedAsync("ip", ["netns", "add", namespaceName], cancellationToken: CancellationToken.None);
        Process? child = null;
        try
        {
            await Command.CheckedAsync("ip", ["-n", namespaceName, "link", "set", "lo", "up"], cancellationToken: CancellationToken.None);
            var info = new ProcessStartInfo("ip")
            {
                ArgumentList = { "netns", "exec", namespaceName, "dotnet", Assembly.GetEntryAssembly()!.Location, ChildFlag },
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in childArguments)
            {
                info.ArgumentList.Add(argument);
            }
            child = Process.Start(info) ?? throw new InvalidOperationException("could not start the controller benchmark");
            while (await child.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (RowLine.Parse(line) is { } row)
                {
                    rows.Add(row);
                }
                else
                {
                    Console.Error.WriteLine(line);
                }
            }
            await child.WaitForExitAsync(cancellationToken);
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine($"bench: controller: the run in {namespaceName} exited with {child.ExitCode}");
            }
        }
        finally
        {
            if (child is { HasExited: false })
            {
                child.Kill(entireProcessTree: true);
            }
            child?.Dispose();
            await CleanUpAsync(namespaceName);
        }
        return rows;
    }

    /// <summary>Kills, by id, every process still in the namespace (a controller or PostgreSQL the run left), then deletes it.</summary>
    public static async Task CleanUpAsync(string namespaceName)
    {
        var pids = await Command.RunAsync("ip", ["netns", "pids", namespaceName]);
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(pid, out var id))
            {
                try
                {
                    using var process = Process.GetProcessById(id);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
        await Command.RunAsync("ip", ["netns", "del", namespaceName]);
    }
}
