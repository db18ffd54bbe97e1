namespace Babelwire.Bench.Controller;

/// <param name="Window">The steady-state window over which CPU, writes and delays are measured.</param>
/// <param name="Samples">Report-to-API samples scheduled over the window.</param>
internal sealed record ControllerBenchOptions(
    IReadOnlyList<int> Agents,
    TimeSpan Window,
    int Samples,
    int EnrolmentConcurrency = 16,
    int ConnectConcurrency = 32);
