namespace Babelwire.Bench.Controller;

/// <param name="Window">The steady-state window over which CPU, writes and delays are measured.</param>
/// <param name="Samples">Report-to-API samples scheduled over the window.</param>
/// <param name="Ipv6RoutesOnly">Agents report no IPv4 routes (see <see cref="AgentStateModel"/>).</param>
internal sealed record ControllerBenchOptions(
    IReadOnlyList<int> Agents,
    TimeSpan Window,
    int Samples,
    bool Ipv6RoutesOnly = false,
    int EnrolmentConcurrency = 16,
    int ConnectConcurrency = 32);
