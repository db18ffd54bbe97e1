using System.Net;
using Babelwire.Agent.Babel.Neighbours;

namespace Babelwire.Agent.Babel.Requests;

/// <summary>A Seqno Request this node sent (starvation, unfeasible route) or forwarded, until answered or given up.</summary>
internal sealed class PendingSeqnoRequest(IPNetwork prefix, RouterId routerId, SeqNo seqno, byte hopCount)
{
    public IPNetwork Prefix { get; } = prefix;

    public RouterId RouterId { get; } = routerId;

    public SeqNo Seqno { get; set; } = seqno;

    public byte HopCount { get; set; } = hopCount;

    /// <summary>The neighbour that asked us (forwarded requests); never sent back to it.</summary>
    public Neighbour? Requester { get; set; }

    /// <summary>Where it goes; null means every neighbour on every interface.</summary>
    public Neighbour? Target { get; set; }

    public int Resends { get; set; }

    public TimeSpan FirstSent { get; set; }

    public TimeSpan NextResend { get; set; }

    public bool Removed { get; set; }
}
