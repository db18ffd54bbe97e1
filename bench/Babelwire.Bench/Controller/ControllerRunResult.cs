namespace Babelwire.Bench.Controller;

/// <summary>Everything one run with N agents measured; times in milliseconds, CPU in cores (1.0 = one core busy).</summary>
internal sealed record ControllerRunResult
{
    public required int Agents { get; init; }

    public required TimeSpan StateReportInterval { get; init; }

    public required TimeSpan Window { get; init; }

    public required int ProcessorCount { get; init; }

    public required TimeSpan EnrolmentTime { get; init; }

    public required int EnrolmentConcurrency { get; init; }

    public required TimeSpan ConnectTime { get; init; }

    public required int ConnectConcurrency { get; init; }

    /// <summary>Controller CPU during the enrolments and during the connections, in cores-seconds.</summary>
    public double EnrolmentControllerCpuSeconds { get; init; }

    public double ConnectControllerCpuSeconds { get; init; }

    /// <summary>Loopback bytes during the connections (hub handshake, Connect with the whole peer set, full report).</summary>
    public long ConnectBytes { get; init; }

    public int ConnectedAtWindowEnd { get; init; }

    /// <summary>Loopback bytes per second over the window: deltas, acks, keep-alives, PostgreSQL, the delay poller.</summary>
    public double LoopbackBytesPerSecond { get; init; }

    /// <summary>The 1-minute load average at the end of the window (/proc/loadavg): other work on the machine shows here.</summary>
    public double LoadAverage { get; init; }

    public double ControllerCores { get; init; }

    public double PostgresCores { get; init; }

    public double BenchCores { get; init; }

    public double MachineBusy { get; init; }

    public long ControllerRssBytes { get; init; }

    public long ControllerPeakRssBytes { get; init; }

    public long BenchRssBytes { get; init; }

    public double CommitsPerSecond { get; init; }

    public double TuplesWrittenPerSecond { get; init; }

    public double WalBytesPerSecond { get; init; }

    public double DeltasPerSecond { get; init; }

    public LatencySummary DeltaAck { get; init; } = LatencySummary.Empty;

    public LatencySummary ReportToApi { get; init; } = LatencySummary.Empty;

    public int DelaySamplesScheduled { get; init; }

    public int DelaySamplesMissed { get; init; }

    public double PollsPerSecond { get; init; }

    public long PollErrors { get; init; }

    public long DeltaErrors { get; init; }

    public long ResyncsRequested { get; init; }

    public long ConnectionsLost { get; init; }

    public long PeerSetGaps { get; init; }

    public JoinResult? Join { get; init; }

    public int ControllerWarnings { get; init; }

    public int ControllerErrors { get; init; }

    /// <summary>Why the run stopped early, if it did.</summary>
    public string? Failure { get; init; }
}
