using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>Turns a controller run into table rows; the targets stand on the rows of the 5,000-agent run.</summary>
internal static class ControllerRows
{
    public const int TargetAgents = 5_000;
    public const string DelayTarget = "p95 < 1 s";
    public const string JoinTarget = "every agent < 2 s";

    public static string Benchmark(int agents) => string.Create(CultureInfo.InvariantCulture, $"controller, {agents:N0} agents");

    public static IEnumerable<BenchRow> For(ControllerRunResult r)
    {
        var benchmark = Benchmark(r.Agents);
        var targeted = r.Agents == TargetAgents;
        var window = string.Create(CultureInfo.InvariantCulture, $"{r.Window.TotalSeconds:F0} s window");

        yield return new BenchRow(benchmark, "setup", $"enrolment via REST (concurrency {r.EnrolmentConcurrency})",
            F($"{r.EnrolmentTime.TotalSeconds:F1} s ({r.Agents / r.EnrolmentTime.TotalSeconds:F0}/s); controller CPU {r.EnrolmentControllerCpuSeconds:F1} s"), "");
        yield return new BenchRow(benchmark, "setup", $"hub connect + Connect + full ReportState (concurrency {r.ConnectConcurrency})",
            F($"{r.ConnectTime.TotalSeconds:F1} s ({r.Agents / r.ConnectTime.TotalSeconds:F0}/s); controller CPU {r.ConnectControllerCpuSeconds:F1} s; {r.ConnectBytes / 1024.0 / Math.Max(1, r.Agents):F0} KB/agent on loopback"), "");
        yield return new BenchRow(benchmark, "controller", $"CPU, steady state ({window})", CpuClock.Format(r.ControllerCores, r.ProcessorCount), "");
        yield return new BenchRow(benchmark, "controller", "RSS at window end / peak (VmHWM)",
            $"{ProcessMemory.Format(r.ControllerRssBytes)} / {ProcessMemory.Format(r.ControllerPeakRssBytes)}", "");
        yield return new BenchRow(benchmark, "PostgreSQL", "writes (pg_stat_database, pg_stat_wal)",
            F($"{r.CommitsPerSecond:F1} commits/s, {r.TuplesWrittenPerSecond:F0} rows written/s, WAL {r.WalBytesPerSecond / 1024:F0} KB/s"), "");
        yield return new BenchRow(benchmark, "PostgreSQL", "CPU (postmaster and backends)", CpuClock.Format(r.PostgresCores, r.ProcessorCount), "");
        yield return new BenchRow(benchmark, "bench process", F($"CPU and RSS ({r.Agents:N0} SignalR clients, delay poller)"),
            $"{CpuClock.Format(r.BenchCores, r.ProcessorCount)}; {ProcessMemory.Format(r.BenchRssBytes)}", "");
        yield return new BenchRow(benchmark, "machine", "busy, all processes (other load included); 1-min load average",
            F($"{r.MachineBusy * 100:F0}% of {r.ProcessorCount} cores; load {r.LoadAverage:F1}"), "");
        yield return new BenchRow(benchmark, "loopback", "traffic in steady state (hub, PostgreSQL, poller)",
            F($"{r.LoopbackBytesPerSecond / 1024:F0} KB/s"), "");
        yield return new BenchRow(benchmark, "agents", F($"deltas/s (one per agent every {r.StateReportInterval.TotalSeconds:F0} s); send-to-ack"),
            F($"{r.DeltasPerSecond:F0}/s; ack {r.DeltaAck.Format()}"), "");
        yield return new BenchRow(benchmark, "agents", "health: connected at window end, lost, delta errors, resyncs asked, peer-set gaps",
            F($"{r.ConnectedAtWindowEnd:N0}/{r.Agents:N0}, {r.ConnectionsLost} lost, {r.DeltaErrors} errors, {r.ResyncsRequested} resyncs, {r.PeerSetGaps} gaps"), "");
        var missed = r.DelaySamplesMissed > 0
            ? F($"; {r.DelaySamplesMissed} of {r.DelaySamplesScheduled} not seen within {DelayProbe.VisibilityLimit.TotalSeconds:F0} s")
            : "";
        yield return new BenchRow(benchmark, "report → API", F($"delay, delta sent → visible in GET /api/v1/links (polled every {DelayProbe.PollInterval.TotalMilliseconds:F0} ms, {r.PollsPerSecond:F1} GET/s)"),
            r.ReportToApi.Format() + missed, targeted ? DelayTarget : "");
        if (r.Join is { } join)
        {
            var reached = join.Reached >= join.Watched
                ? F($"all {join.Watched:N0} in {LatencySummary.Duration(join.ElapsedMilliseconds)} (per agent {join.Delays.Format()})")
                : F($"{join.Reached:N0} of {join.Watched:N0} within {LatencySummary.Duration(join.ElapsedMilliseconds)}");
            yield return new BenchRow(benchmark, "join", F($"enrolment request → PeerSetChanged at every agent (enrolment answered in {LatencySummary.Duration(join.EnrolmentMilliseconds)})"),
                reached, targeted ? JoinTarget : "");
            yield return new BenchRow(benchmark, "join", "bytes on loopback (net of idle keep-alives), per agent",
                F($"{join.NetBytes / 1024.0:F0} KB, {join.NetBytes / (double)Math.Max(1, join.Watched):F0} B/agent (raw {join.RawBytes / 1024.0:F0} KB, idle {join.BaselineBytesPerSecond / 1024:F1} KB/s)"), "");
            yield return new BenchRow(benchmark, "join", "controller CPU time for the join", F($"{join.ControllerCpuMilliseconds:F0} ms"), "");
        }
        yield return new BenchRow(benchmark, "controller", "log lines at warning / error", F($"{r.ControllerWarnings} / {r.ControllerErrors}"), "");
    }

    /// <summary>A run that stopped early: one row saying where and why.</summary>
    public static BenchRow Failed(int agents, string reason) =>
        new(Benchmark(agents), "run", "did not complete", reason, agents == TargetAgents ? $"{DelayTarget}; {JoinTarget}" : "");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
