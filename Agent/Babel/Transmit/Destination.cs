using System.Net;
using Babelwire.Agent.Babel.Interfaces;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel.Transmit;

/// <summary>
/// One place datagrams go: ff02::1:6 on a multicast interface, or one neighbour's address. Holds the TLVs buffered
/// for it (RFC 8966 §3.1: buffered TLVs leave within half a Hello interval, urgent ones sooner) and the paced queue of
/// finished datagrams, so a full table never leaves as one burst the receiver's socket buffer cannot hold.
/// </summary>
internal sealed class Destination(InterfaceState iface, IPAddress address, Neighbour? neighbour)
{
    /// <summary>How many datagrams may leave back to back after an idle period.</summary>
    public const int Burst = 16;

    public InterfaceState Interface { get; } = iface;

    public IPAddress Address { get; } = address;

    /// <summary>The neighbour behind a unicast destination (for split horizon), null for multicast.</summary>
    public Neighbour? Neighbour { get; } = neighbour;

    public List<Tlv> Control { get; } = [];

    public UpdateBatch Updates { get; } = new();

    public TimeSpan? FlushDue { get; set; }

    public Queue<byte[]> Paced { get; } = new();

    /// <summary>Single-datagram flushes (requests, answers, triggered updates) overtake a queued full dump.</summary>
    public Queue<byte[]> PacedFirst { get; } = new();

    public int PacedCount => Paced.Count + PacedFirst.Count;

    public TimeSpan NextPacedSend { get; set; }

    public TimeSpan? LastFullDumpRequest { get; set; }

    public bool HasBuffered => Control.Count > 0 || !Updates.IsEmpty;

    public void ScheduleFlush(TimeSpan due)
    {
        if (FlushDue is not { } d || due < d)
            FlushDue = due;
    }
}
