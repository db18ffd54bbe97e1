using System.Net;

namespace Babelwire.Agent.Babel.Routes;

/// <summary>All routes to one prefix (one per neighbour, so few) and which one is selected.</summary>
internal sealed class PrefixEntry(IPNetwork prefix)
{
    public IPNetwork Prefix { get; } = prefix;

    public List<Route> Routes { get; } = new(1);

    public Route? Selected { get; set; }

    /// <summary>What was last reported through DrainRouteChanges, to tell Added, Changed and Removed apart.</summary>
    public SelectedRouteChange? Reported { get; set; }

    /// <summary>Since when hysteresis keeps the incumbent although another route is best; null when the incumbent is best.</summary>
    public TimeSpan? HeldSince { get; set; }
}
