using System.Diagnostics;
using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench;

/// <summary>
/// The baseline: babeld sends a full table (N unreachable kernel routes, redistributed) to babeld over a veth. The
/// sender starts first (ready when its local socket answers); the clock runs from starting the receiver until the
/// receiver's kernel has N usable babel routes, counted from netlink notifications.
/// </summary>
internal static class BabeldIngest
{
    public static async Task<IngestResult> RunAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        const string subject = "babeld 1.12.1 -> babeld";
        await using var lab = await NetworkLab.CreateAsync("bwb", cancellationToken);
        try
        {
            var sender = await lab.AddNamespaceAsync("s", cancellationToken);
            var receiver = await lab.AddNamespaceAsync("r", cancellationToken);
            await lab.AddVethAsync(sender, "vs", receiver, "vr", cancellationToken);
            await Command.CheckedAsync(
                "ip", ["-n", sender.Name, "-batch", "-"], TimeSpan.FromSeconds(120), FullTable.UnreachableRoutesBatch(count), cancellationToken);

            var counter = new BabelRouteCounter(count);
            await RouteMonitor.StartAsync(lab, receiver, counter.OnLine, cancellationToken);

            await Babeld.StartAsync(lab, sender, "vs", BabeldConfig.Redistributing("2001:db8::/32"), cancellationToken);
            var clock = Stopwatch.StartNew();
            var receiving = await Babeld.StartAsync(lab, receiver, "vr", BabeldConfig.Redistributing(), cancellationToken);
            var completed = await WaitAsync(counter.Complete, timeout, cancellationToken);
            var elapsed = clock.Elapsed;
            var peak = ProcessMemory.PeakResidentBytes(receiving.Process.Id);
            var overflows = receiving.Process.Tail(400).Split('\n').Count(l => l.Contains("No buffer space", StringComparison.Ordinal));

            var adjacency = counter.Lost == 0 && !receiving.Process.HasExited
                ? "kept (no route lost)"
                : $"DROPPED ({counter.Lost} routes lost)";
            var note = (overflows > 0 ? $"{overflows} 'No buffer space' errors; " : "") + (counter.Overrun ? "ip monitor overran; " : "");
            return new IngestResult(subject, count, completed, elapsed, counter.MaxCount, peak, adjacency, note.Length == 0 ? null : note.TrimEnd(' ', ';'));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
        {
            return new IngestResult(subject, count, false, TimeSpan.Zero, 0, null, "n/a", $"failed: {e.Message.Split('\n')[0]}");
        }
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
