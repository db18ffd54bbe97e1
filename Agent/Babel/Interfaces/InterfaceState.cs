using System.Net;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Transmit;

namespace Babelwire.Agent.Babel.Interfaces;

/// <summary>An interface the engine runs on: its Hello seqno and timers, its neighbours, its broadcast buffer.</summary>
internal sealed class InterfaceState
{
    public static readonly IPAddress BabelMulticastGroup = IPAddress.Parse("ff02::1:6");

    public InterfaceState(BabelInterface config)
    {
        Config = config;
        Multicast = config.Kind == InterfaceKind.Multicast ? new Destination(this, BabelMulticastGroup, null) : null;
    }

    public BabelInterface Config { get; }

    /// <summary>Our link-local as a number, for the per-link perturbation of symmetric costs.</summary>
    public UInt128 LinkLocalKey => LinkCost.Key(Config.LinkLocal);

    /// <summary>Datagram size limit: MTU minus IPv6 and UDP headers (RFC 8966 §4).</summary>
    public int MaxDatagramSize => Config.Mtu - 48;

    /// <summary>The interface-wide (Multicast-)Hello seqno, the same in every unicast copy of one round.</summary>
    public SeqNo HelloSeqno { get; set; }

    public bool HelloSent { get; set; }

    public TimeSpan NextHello { get; set; }

    public TimeSpan NextUpdate { get; set; }

    /// <summary>Only on <see cref="InterfaceKind.Multicast"/> interfaces.</summary>
    public Destination? Multicast { get; }

    public Dictionary<IPAddress, Neighbour> Neighbours { get; } = [];

    /// <summary>Updates for everyone on the interface; copied into each target at flush time.</summary>
    public UpdateBatch Broadcast { get; } = new();

    public TimeSpan? BroadcastDue { get; set; }

    /// <summary>Where what is meant for the whole link goes: the multicast group, or each neighbour by unicast.</summary>
    public IEnumerable<Destination> BroadcastTargets
        => Multicast is { } m ? [m] : Neighbours.Values.Select(n => n.Destination);

    public IEnumerable<Destination> AllDestinations
        => Multicast is { } m ? Neighbours.Values.Select(n => n.Destination).Prepend(m) : Neighbours.Values.Select(n => n.Destination);

    public void ScheduleBroadcast(TimeSpan due)
    {
        if (BroadcastDue is not { } d || due < d)
            BroadcastDue = due;
    }
}
