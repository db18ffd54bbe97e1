using System.Net;

namespace Babelwire.Agent.Babel.Sources;

/// <summary>A source table entry (RFC 8966 §3.2.5): the feasibility distance for (prefix, router-id).</summary>
internal sealed class Source(IPNetwork prefix, RouterId routerId, SeqNo seqno, ushort metric, TimeSpan lastUsed)
{
    public IPNetwork Prefix { get; } = prefix;

    public RouterId RouterId { get; } = routerId;

    public SeqNo Seqno { get; set; } = seqno;

    public ushort Metric { get; set; } = metric;

    public TimeSpan LastUsed { get; set; } = lastUsed;

    public TimeSpan QueuedFor { get; set; }

    public bool Removed { get; set; }
}
