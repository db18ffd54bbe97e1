namespace Babelwire.Bench.Controller;

/// <summary>One node joining while <see cref="Watched"/> agents are connected (their deltas paused).</summary>
/// <param name="Delays">Per-agent delay from the enrolment request to its PeerSetChanged carrying the new key.</param>
/// <param name="NetBytes">Loopback bytes during the join minus the idle baseline (keep-alives) over the same time.</param>
internal sealed record JoinResult(
    int Watched,
    int Reached,
    double EnrolmentMilliseconds,
    LatencySummary Delays,
    double ElapsedMilliseconds,
    long RawBytes,
    long NetBytes,
    double BaselineBytesPerSecond,
    double ControllerCpuMilliseconds);
