using System.Globalization;
using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Dashboard;

/// <summary>The dashboard benchmark's table rows and the issue's targets for them.</summary>
internal static class DashboardRows
{
    public const string DelayTarget = "p95 < 1 s";
    public const string FirstDrawTarget = "< 2 s";

    public static string RouteBenchmark(int agents) => F($"dashboard, {agents:N0} agents");

    public static string MapBenchmark(int nodes, int links) => F($"dashboard map, {nodes:N0} nodes / {links:N0} links");

    public static string ScaleBenchmark(int agents) => F($"dashboard, {agents:N0} agents, many pages");

    /// <summary>"p50 …, p95 …, max … (n = 60)" with the samples not drawn in time, if any.</summary>
    public static string Delays(LatencySummary summary, int missed, TimeSpan limit) =>
        summary.Format() + (missed > 0 ? F($"; {missed} not drawn within {limit.TotalSeconds:F0} s") : "");

    public static IEnumerable<BenchRow> Window(string benchmark, WindowResult w, int processorCount, bool targeted)
    {
        var subject = w.Pages == 0 ? "no dashboards" : F($"{w.Pages} dashboard{(w.Pages == 1 ? "" : "s")}");
        yield return new BenchRow(benchmark, subject, F($"controller CPU, steady state ({w.Elapsed.TotalSeconds:F0} s window; {w.PageNote})"),
            CpuClock.Format(w.ControllerCores, processorCount), "");
        yield return new BenchRow(benchmark, subject, "controller RSS at window end / peak (VmHWM)",
            $"{ProcessMemory.Format(w.ControllerRssBytes)} / {ProcessMemory.Format(w.ControllerPeakRssBytes)}", "");
        yield return new BenchRow(benchmark, subject, "Chromium CPU; bench process CPU; machine busy (other load included)",
            F($"{w.ChromiumCores * 100:F0}% of one core; {w.BenchCores * 100:F0}%; {w.MachineBusy * 100:F0}% of {processorCount} cores"), "");
        yield return new BenchRow(benchmark, subject, "agents: deltas/s; connected at window end; connections lost in the window",
            F($"{w.DeltasPerSecond:F0}/s; {w.ConnectedAtEnd:N0}/{w.Agents:N0}; {w.ConnectionsLost} lost"), "");
        if (w.Pages > 0)
        {
            yield return new BenchRow(benchmark, subject, "report → drawn on the measuring map page (route change, path view)",
                Delays(w.ReportToDrawn, w.Missed, PathProbe.DrawTimeout), targeted ? DelayTarget : "");
        }
    }

    public static BenchRow Failed(string benchmark, string reason, string target = "") => new(benchmark, "run", "did not complete", reason, target);

    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
