using System.Globalization;
using Babelwire.Agent.Babel;

namespace Babelwire.Agent.Status;

/// <summary>Turns an engine snapshot plus what the host knows into a <see cref="StatusReport"/>.</summary>
public static class StatusReports
{
    public static StatusReport Full(RouterSnapshot snapshot, IReadOnlyList<InterfaceReport> interfaces, IReadOnlyDictionary<string, long> counters, DateTimeOffset time)
        => new(
            snapshot.RouterId.ToString(),
            snapshot.Seqno.Value,
            time,
            Summarise(snapshot, interfaces),
            interfaces,
            [.. snapshot.Neighbours.Select(Neighbour)],
            [.. snapshot.Routes.Select(Route)],
            [.. snapshot.Announced.Select(a => new AnnouncedReport(a.Prefix.ToString(), a.Metric))],
            counters);

    /// <summary>What the benchmark polls: counts only, so no per-route work beyond counting.</summary>
    public static StatusReport Summary(RouterId routerId, SeqNo seqno, RouterCounts counts, IReadOnlyList<InterfaceReport> interfaces, DateTimeOffset time)
        => new(routerId.ToString(), seqno.Value, time, new StatusSummary(
            interfaces.Count, interfaces.Count(i => i.Up), counts.Neighbours, counts.Routes, counts.SelectedRoutes, counts.Announced));

    private static StatusSummary Summarise(RouterSnapshot snapshot, IReadOnlyList<InterfaceReport> interfaces)
    {
        var selected = 0;
        foreach (var r in snapshot.Routes)
        {
            if (r.Selected)
                selected++;
        }
        return new StatusSummary(
            interfaces.Count, interfaces.Count(i => i.Up), snapshot.Neighbours.Count, snapshot.Routes.Count, selected, snapshot.Announced.Count);
    }

    private static NeighbourReport Neighbour(NeighbourStatus n) => new(
        n.Interface,
        n.Address.ToString(),
        Hex(n.Reach),
        Hex(n.UnicastReach),
        n.RxCost,
        n.TxCost,
        n.Cost,
        n.Rtt is { } rtt ? Math.Round(rtt.TotalMilliseconds, 3) : null);

    private static RouteReport Route(RouteStatus r) => new(
        r.Prefix.ToString(), r.Source.ToString(), r.Interface, r.NextHop.ToString(), r.Metric, r.AdvertisedMetric, r.Seqno.Value, r.Feasible, r.Selected);

    private static string Hex(ushort value) => value.ToString("x4", CultureInfo.InvariantCulture);
}
