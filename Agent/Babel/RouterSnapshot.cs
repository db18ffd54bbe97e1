using System.Net;

namespace Babelwire.Agent.Babel;

/// <summary>A read-only view of the engine for status, the controller and tests. Taken on the engine loop; immutable after.</summary>
public sealed record RouterSnapshot(
    RouterId RouterId,
    SeqNo Seqno,
    IReadOnlyList<NeighbourStatus> Neighbours,
    IReadOnlyList<RouteStatus> Routes,
    IReadOnlyList<AnnouncedPrefix> Announced);

/// <param name="Reach">Multicast-Hello history, newest bit first (babeld's "reach").</param>
/// <param name="UnicastReach">Unicast-Hello history.</param>
/// <param name="Cost">Link cost to this neighbour, 0xFFFF when unreachable.</param>
public sealed record NeighbourStatus(
    string Interface,
    IPAddress Address,
    ushort Reach,
    ushort UnicastReach,
    ushort RxCost,
    ushort TxCost,
    ushort Cost,
    TimeSpan? Rtt)
{
    /// <summary>Both ends agree on <see cref="Cost"/> (docs/babel-notes.md §5): max(<see cref="AdvertisedRxCost"/>, <see cref="TxCost"/>) + <see cref="Perturbation"/>.</summary>
    public bool SymmetricCost { get; init; }

    /// <summary>The rxcost our IHUs carry: <see cref="RxCost"/>, plus <see cref="RttPenalty"/> on a symmetric-cost link.</summary>
    public ushort AdvertisedRxCost { get; init; }

    /// <summary>The RTT penalty applied now (after hysteresis and quantisation), 0 when RTT cost is off.</summary>
    public ushort RttPenalty { get; init; }

    /// <summary>The per-link perturbation from the pair of link-locals, the same at both ends; 0 unless symmetric.</summary>
    public ushort Perturbation { get; init; }
}

public sealed record RouteStatus(
    IPNetwork Prefix,
    RouterId Source,
    string Interface,
    IPAddress NextHop,
    SeqNo Seqno,
    ushort Metric,
    ushort AdvertisedMetric,
    bool Feasible,
    bool Selected);

public sealed record AnnouncedPrefix(IPNetwork Prefix, ushort Metric);
