using System.Net;
using Babelwire.Agent.Babel.Interfaces;
using Babelwire.Agent.Babel.Routes;
using Babelwire.Agent.Babel.Transmit;

namespace Babelwire.Agent.Babel.Neighbours;

/// <summary>A neighbour: one (interface, link-local address) pair (RFC 8966 §3.2.4).</summary>
internal sealed class Neighbour
{
    public Neighbour(InterfaceState iface, IPAddress address, bool given)
    {
        Interface = iface;
        Address = address;
        Given = given;
        Destination = new Destination(iface, address, this);
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        OrderKey = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(b);
    }

    /// <summary>Tie-break by address, after <see cref="RouterId"/>; Babelwire derives link-locals from keys, so it is global too.</summary>
    public UInt128 OrderKey { get; }

    /// <summary>
    /// The neighbour's own router-id, when known. Hello and IHU do not carry it; an Update with metric 0 can only
    /// have been originated by the neighbour itself (every hop adds a cost of at least 1), so its router-id is the
    /// neighbour's. Every Babelwire node announces its overlay address that way.
    /// </summary>
    public RouterId? RouterId { get; set; }

    /// <summary>Tie-break key for route selection: lowest router-id first (unknown ones last), then lowest address.</summary>
    public (ulong, UInt128) TieBreak => (RouterId?.Value ?? ulong.MaxValue, OrderKey);

    public InterfaceState Interface { get; }

    public IPAddress Address { get; }

    /// <summary>Added from outside (a WireGuard peer): never flushed for silence, only by RemoveNeighbour.</summary>
    public bool Given { get; set; }

    /// <summary>Where unicast TLVs to this neighbour are buffered and paced.</summary>
    public Destination Destination { get; }

    public HelloHistory MulticastHellos { get; } = new();

    public HelloHistory UnicastHellos { get; } = new();

    /// <summary>From the last IHU; infinity once the IHU hold time (3.5 × its interval) expires.</summary>
    public ushort TxCost { get; set; } = Metric.Infinity;

    public TimeSpan? IhuExpiry { get; set; }

    public RttEstimator Rtt { get; } = new();

    /// <summary>RFC 9616: origin timestamp of the neighbour's last timestamped Hello, echoed in our IHU.</summary>
    public uint? HelloOrigin { get; set; }

    /// <summary>Our µs clock when that Hello arrived.</summary>
    public uint HelloReceivedMicroseconds { get; set; }

    public TimeSpan HelloReceivedAt { get; set; }

    /// <summary>Link cost last computed; routes through this neighbour use it.</summary>
    public ushort Cost { get; set; } = Metric.Infinity;

    /// <summary>Rxcost, txcost and cost when the router last recomputed the cost: a change moves the router's topology version.</summary>
    public (ushort RxCost, ushort TxCost, ushort Cost) LastCosts { get; set; } = (Metric.Infinity, Metric.Infinity, Metric.Infinity);

    /// <summary>Routes learned from this neighbour, by prefix.</summary>
    public Dictionary<IPNetwork, Route> Routes { get; } = [];

    public bool Removed { get; set; }

    /// <summary>Either Hello history has heard something recently.</summary>
    public bool IsHeard => MulticastHellos.Reach != 0 || UnicastHellos.Reach != 0;

    /// <summary>The RTT penalty currently in <see cref="Cost"/>; changed only by more than the hysteresis.</summary>
    public ushort AppliedRttPenalty { get; set; }

    /// <summary>Symmetric-cost link: 0 to MaxLinkPerturbation from the pair of link-locals, identical at both ends.</summary>
    public ushort Perturbation { get; set; }

    /// <summary>The rxcost our IHUs carry: on a symmetric-cost interface it includes our own RTT penalty.</summary>
    public ushort AdvertisedRxCost => Interface.Config.EffectiveSymmetricCost ? Metric.Add(RxCost, AppliedRttPenalty) : RxCost;

    /// <summary>The rxcost in the last IHU we sent; a change is sent at once so both ends agree again quickly.</summary>
    public ushort? LastIhuRxCost { get; set; }

    public ushort RxCost
    {
        get
        {
            var c = Interface.Config;
            return Math.Min(
                LinkCost.RxCost(MulticastHellos.Reach, c.CostKind, c.NominalCost),
                LinkCost.RxCost(UnicastHellos.Reach, c.CostKind, c.NominalCost));
        }
    }

    public override string ToString() => $"{Address}%{Interface.Config.Name}";
}
