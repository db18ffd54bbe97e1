using Babelwire.Agent.Babel.Sources;

namespace Babelwire.Agent.Babel.Routes;

/// <summary>
/// Route selection for one prefix (RFC 8966 §3.6): never an unfeasible or infinite route; the smallest metric,
/// ties broken by the lowest neighbour router-id, then address (a global order, so both ends of a link choose
/// alike); the incumbent is kept
/// unless another route beats it by at least the switch threshold (hysteresis). The caller bounds how long that
/// may last (<see cref="BabelRouterOptions.IncumbentHoldTime"/>).
/// </summary>
internal static class RouteSelector
{
    public static bool IsFeasible(Route r, SourceTable sources)
        => sources.IsFeasible(r.Prefix, r.RouterId, r.Seqno, r.AdvertisedMetric);

    public static bool IsCandidate(Route r, SourceTable sources)
        => !r.Removed && r.Metric != Metric.Infinity && IsFeasible(r, sources);

    /// <summary>The route to select, and in <paramref name="best"/> the best one, which differs while the incumbent is held.</summary>
    public static Route? Select(PrefixEntry entry, SourceTable sources, ushort switchThreshold, out Route? best)
    {
        best = Best(entry, sources);
        if (best is null)
            return null;
        var incumbent = entry.Selected;
        if (incumbent is not null && incumbent != best && IsCandidate(incumbent, sources)
            && best.Metric + switchThreshold > incumbent.Metric)
        {
            return incumbent;
        }
        return best;
    }

    /// <summary>The smallest metric among feasible finite routes; ties go to the lowest neighbour router-id, then address.</summary>
    private static Route? Best(PrefixEntry entry, SourceTable sources)
    {
        Route? best = null;
        var bestMetric = Metric.Infinity;
        foreach (var r in entry.Routes)
        {
            var m = r.Metric;
            if (m == Metric.Infinity || !IsFeasible(r, sources))
                continue;
            if (best is null || m < bestMetric || (m == bestMetric && r.Neighbour.TieBreak.CompareTo(best.Neighbour.TieBreak) < 0))
            {
                best = r;
                bestMetric = m;
            }
        }
        return best;
    }

    /// <summary>The best unfeasible route with a finite metric: where a starvation Seqno Request goes (§3.8.2.1).</summary>
    public static Route? BestUnfeasible(PrefixEntry entry, SourceTable sources)
    {
        Route? best = null;
        foreach (var r in entry.Routes)
        {
            if (r.Removed || r.Metric == Metric.Infinity || IsFeasible(r, sources))
                continue;
            if (best is null || r.Metric < best.Metric)
                best = r;
        }
        return best;
    }
}
