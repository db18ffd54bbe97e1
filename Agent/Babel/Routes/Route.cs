using System.Net;
using Babelwire.Agent.Babel.Neighbours;

namespace Babelwire.Agent.Babel.Routes;

/// <summary>A route table entry (RFC 8966 §3.2.6): what one neighbour advertised for one prefix.</summary>
internal sealed class Route(PrefixEntry entry, Neighbour neighbour)
{
    public PrefixEntry Entry { get; } = entry;

    public IPNetwork Prefix => Entry.Prefix;

    public Neighbour Neighbour { get; } = neighbour;

    public RouterId RouterId { get; set; }

    public SeqNo Seqno { get; set; }

    /// <summary>The metric in the neighbour's Update (infinity after a retraction or expiry).</summary>
    public ushort AdvertisedMetric { get; set; } = Babel.Metric.Infinity;

    public TimeSpan Interval { get; set; }

    public IPAddress NextHop { get; set; } = neighbour.Address;

    /// <summary>Finite route: when it turns into a retraction. Retracted route: when it is flushed.</summary>
    public TimeSpan Expiry { get; set; }

    /// <summary>
    /// RFC 8966 §3.8.2.3: shortly before a selected route expires (one interval before), ask its neighbour for it
    /// by unicast Route Request, so that a lost periodic update need not cost the route. Set once asked.
    /// </summary>
    public bool RefreshRequested { get; set; }

    /// <summary>The next instant the route table must look at this route: the refresh request, then expiry.</summary>
    public TimeSpan NextDeadline => RefreshRequested ? Expiry : Expiry - Interval;

    public TimeSpan QueuedFor { get; set; }

    public bool InQueue { get; set; }

    public bool Removed { get; set; }

    /// <summary>min(advertised metric + link cost, infinity) (RFC 8966 §3.5.2).</summary>
    public ushort Metric => Babel.Metric.Add(AdvertisedMetric, Neighbour.Cost);
}
