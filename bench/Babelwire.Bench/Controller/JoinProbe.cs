using System.Diagnostics;
using Babelwire.Shared.Enrolment;

namespace Babelwire.Bench.Controller;

/// <summary>
/// The cost of one node joining: with the agents' deltas paused, the loopback byte rate is measured idle for
/// <see cref="BaselineTime"/> (keep-alives), then the new node enrols and every connected agent waits for the
/// PeerSetChanged carrying its key. Bytes are the namespace's loopback tx_bytes from the request until the last agent
/// had it, minus the idle rate over the same time.
/// </summary>
internal static class JoinProbe
{
    public static readonly TimeSpan BaselineTime = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<JoinResult> RunAsync(
        AgentFleet fleet, ControlPlaneClient api, EnrolmentRequest request, int controllerPid, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var baselineStart = LoopbackCounter.TxBytes();
        var baselineClock = Stopwatch.StartNew();
        await Task.Delay(BaselineTime, cancellationToken);
        var baselineRate = (LoopbackCounter.TxBytes() - baselineStart) / baselineClock.Elapsed.TotalSeconds;

        var watched = fleet.Agents.Where(a => a.IsConnected).ToList();
        var watch = new JoinWatch(request.PublicKey, watched.Count);
        foreach (var agent in watched)
        {
            agent.Watch(watch);
        }

        var cpuBefore = ProcessCpuTimes.Read(controllerPid)?.OwnTicks ?? 0;
        var bytesBefore = LoopbackCounter.TxBytes();
        var start = Stopwatch.GetTimestamp();
        await api.EnrolAsync(request, cancellationToken);
        var enrolled = Stopwatch.GetElapsedTime(start);
        try
        {
            await watch.All.WaitAsync(Limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Reported as reached fewer than watched.
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        var bytes = LoopbackCounter.TxBytes() - bytesBefore;
        var cpu = (ProcessCpuTimes.Read(controllerPid)?.OwnTicks ?? 0) - cpuBefore;

        var delays = LatencySummary.Of(watch.DelaysSince(start));
        var until = watch.Received >= watched.Count ? delays.Max : elapsed.TotalMilliseconds;
        return new JoinResult(
            watched.Count,
            watch.Received,
            enrolled.TotalMilliseconds,
            delays,
            until,
            bytes,
            NetBytes(bytes, baselineRate, elapsed),
            baselineRate,
            cpu * 1000.0 / CpuClock.TicksPerSecond);
    }

    /// <summary>Bytes counted minus what the idle rate would have sent anyway; never below zero.</summary>
    internal static long NetBytes(long counted, double idleBytesPerSecond, TimeSpan elapsed) =>
        Math.Max(0, counted - (long)Math.Round(idleBytesPerSecond * elapsed.TotalSeconds));
}
