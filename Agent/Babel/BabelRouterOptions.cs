namespace Babelwire.Agent.Babel;

/// <summary>Engine-wide settings. Interface-level settings are on <see cref="BabelInterface"/>.</summary>
public sealed record BabelRouterOptions(RouterId RouterId)
{
    /// <summary>Own seqno to start from; the host persists it across restarts (RFC 8966 §3.2.2 must not go backwards).</summary>
    public SeqNo InitialSeqno { get; init; }

    /// <summary>RTT penalty: zero up to RttMin, linear to MaxRttPenalty at RttMax, flat above (babeld's defaults).</summary>
    public TimeSpan RttMin { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan RttMax { get; init; } = TimeSpan.FromMilliseconds(120);

    public ushort MaxRttPenalty { get; init; } = 96;

    /// <summary>The RTT penalty in a link cost changes only when it moves by at least this much (damps RTT jitter).</summary>
    public ushort RttPenaltyHysteresis { get; init; } = 8;

    /// <summary>
    /// On symmetric-cost interfaces the RTT penalty is rounded to a multiple of this. Both ends agree on one figure
    /// whatever the quantum (the IHU carries it) and the hysteresis already holds small moves back, while a coarse
    /// quantum makes equal path sums, hence ties, more likely (measured in the simulation): so 1 by default.
    /// </summary>
    public ushort RttPenaltyQuantum { get; init; } = 1;

    /// <summary>
    /// On symmetric-cost interfaces each link's agreed cost gets 0 to this much added, derived from the unordered pair of
    /// link-local addresses (the same at both ends), so that equal-hop paths rarely tie (docs/babel-notes.md §5). Small against
    /// the nominal 96 per hop; 0-15 left about half the tied pairs 0-7 did on 50-router simulations.
    /// </summary>
    public ushort MaxLinkPerturbation { get; init; } = 15;

    /// <summary>Hysteresis: a new route must beat the selected one by at least this much to replace it.</summary>
    public ushort SwitchThreshold { get; init; } = 16;

    /// <summary>
    /// How long hysteresis may keep an incumbent that another route beats (or ties and wins the tie-break against):
    /// then the best route is selected. Both ends of a path thus end on the same choice, whatever order routes came in
    /// (an incumbent kept forever on one side only makes paths asymmetric, docs/babel-notes.md §5). Simulated churn on 30-40
    /// WireGuard routers: 4 s left 0.8-2.0% of pair-samples asymmetric, 10 s 2.2-3.3%, for ever (before) 2.2-6.4%.
    /// </summary>
    public TimeSpan IncumbentHoldTime { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>RFC 8966 Appendix B: source GC after 3 minutes unused.</summary>
    public TimeSpan SourceGcTime { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Full-table sends are paced at most this many datagrams per second per neighbour (receivers' buffers are finite).</summary>
    public int PacedDatagramsPerSecond { get; init; } = 2000;

    /// <summary>babeld's rtt-decay: weight of a new RTT sample, out of 256.</summary>
    public int RttDecay { get; init; } = 42;

    /// <summary>An RTT estimate not refreshed for this long is dropped (babeld: 180 s).</summary>
    public TimeSpan RttValidity { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>RFC 8966 Appendix B urgent timeout: urgent TLVs leave within about this (jittered ¾-5⁄4).</summary>
    public TimeSpan UrgentDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Initial hop count of Seqno Requests this node originates (RFC 8966 §3.8.2.1).</summary>
    public byte SeqnoRequestHopCount { get; init; } = 64;

    /// <summary>An unfeasible route this much better than the selected one triggers a Seqno Request (babeld: 512).</summary>
    public ushort UnfeasibleRequestThreshold { get; init; } = 512;
}
