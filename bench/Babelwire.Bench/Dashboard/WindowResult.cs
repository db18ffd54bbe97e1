using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Dashboard;

/// <summary>One steady-state window of the scale row with a number of dashboards open.</summary>
/// <param name="ControllerCores">The controller's CPU over the window, in cores (1.0 = one core busy).</param>
/// <param name="ChromiumCores">Chromium's processes (this bench's browser only), in cores.</param>
/// <param name="ConnectionsLost">Agent connections lost (and reconnecting) during the window.</param>
/// <param name="ReportToDrawn">Report → drawn samples on the measuring page during the window (empty without pages).</param>
internal sealed record WindowResult(
    int Pages,
    string PageNote,
    TimeSpan Elapsed,
    double ControllerCores,
    long ControllerRssBytes,
    long ControllerPeakRssBytes,
    double ChromiumCores,
    double BenchCores,
    double MachineBusy,
    double DeltasPerSecond,
    LatencySummary ReportToDrawn,
    int Missed,
    int Agents,
    int ConnectedAtEnd,
    long ConnectionsLost);
