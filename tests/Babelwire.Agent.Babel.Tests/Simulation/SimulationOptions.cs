namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>Everything that shapes one simulation run. The seed drives every router's jitter and the network's loss and delay.</summary>
public sealed record SimulationOptions(int Seed, LinkStyle Style)
{
    public PrefixFamilies Families { get; init; } = PrefixFamilies.IPv6;

    public TimeSpan HelloInterval { get; init; } = BabelInterface.DefaultHelloInterval;

    public TimeSpan UpdateInterval => 4 * HelloInterval;

    /// <summary>
    /// When set, each multicast link (or each router's wg0) draws its Hello interval from these, so neighbours run
    /// different timers. Keep them ≤ <see cref="HelloInterval"/>, which bounds are computed from.
    /// </summary>
    public IReadOnlyList<TimeSpan>? MixedHelloIntervals { get; init; }

    /// <summary>Off by default so the metric is the nominal cost per hop; when on, delays stay below RttMin.</summary>
    public bool RttCost { get; init; }

    /// <summary>Every interface's <see cref="BabelInterface.SymmetricCost"/>; null leaves the engine's default (on for wg0 only).</summary>
    public bool? SymmetricCost { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>When set, each link draws its own one-way delay uniformly from this range (so RTT penalties differ by link).</summary>
    public (TimeSpan Min, TimeSpan Max)? LinkDelays { get; init; }

    /// <summary>Each delivery adds a uniform random delay in [0, Jitter) to <see cref="Delay"/>.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(2);

    public double Loss { get; init; }

    /// <summary>Each router also announces this many /64s out of its /48, for tables that need many datagrams.</summary>
    public int ExtraPrefixesPerRouter { get; init; }

    /// <summary>Router r announces its prefixes at metric (r mod 4) × 32 instead of 0.</summary>
    public bool AnnounceMetrics { get; init; }

    /// <summary>Every router's first own seqno (close to 0xFFFF to make seqnos wrap during the run).</summary>
    public ushort InitialSeqno { get; init; }

    /// <summary>
    /// True: after every batch, snapshot every router that acted. False (for big tables): snapshot, after a batch, only the
    /// routers that reported a selected-route change, and every live router once per simulated second. Loop-freedom is
    /// checked after every batch either way, on the prefixes whose selected next hop moved; the once-a-second snapshots
    /// also catch a selection that changed without being reported (the stream and snapshot must agree).
    /// </summary>
    public bool SnapshotEveryBatch { get; init; } = true;

    public int MaxSteps { get; init; } = 5_000_000;

    /// <summary>Adjusts every router's engine options (the router-id and initial seqno are set before).</summary>
    public Func<BabelRouterOptions, BabelRouterOptions>? ConfigureRouter { get; init; }
}
