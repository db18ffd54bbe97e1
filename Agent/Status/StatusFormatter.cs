using System.Globalization;
using System.Text;

namespace Babelwire.Agent.Status;

/// <summary>The readable form of <c>babelwire-agent status</c>: a header, then one table per section.</summary>
public static class StatusFormatter
{
    public static string Summary(StatusReport report)
    {
        var s = report.Summary;
        return string.Create(CultureInfo.InvariantCulture,
            $"router-id {report.RouterId}  seqno {report.Seqno}\n" +
            $"interfaces {s.InterfacesUp}/{s.Interfaces} up  neighbours {s.Neighbours}  routes {s.Routes} ({s.SelectedRoutes} selected)  announced {s.Announced}\n");
    }

    public static string Full(StatusReport report)
    {
        var text = new StringBuilder(Summary(report));
        Table(text, "Interfaces", ["NAME", "KIND", "STATE", "INDEX", "MTU", "LINK-LOCAL"],
            report.Interfaces?.Select(i => new[] { i.Name, i.Kind, i.Up ? "up" : "waiting", Number(i.Index), Number(i.Mtu), i.LinkLocal ?? "-" }));
        Table(text, "Neighbours", ["ADDRESS", "INTERFACE", "REACH", "UREACH", "RXCOST", "TXCOST", "COST", "RTT"],
            report.Neighbours?.Select(n => new[]
            {
                n.Address, n.Interface, n.Reach, n.UnicastReach, Number(n.RxCost), Number(n.TxCost), Number(n.Cost),
                n.RttMs is { } rtt ? string.Create(CultureInfo.InvariantCulture, $"{rtt:0.000} ms") : "-",
            }));
        Table(text, "Routes", ["PREFIX", "METRIC", "NEXT-HOP", "INTERFACE", "SOURCE", "SEQNO", "FLAGS"],
            report.Routes?
                .OrderBy(r => r.Prefix, StringComparer.Ordinal).ThenBy(r => r.Metric)
                .Select(r => new[]
                {
                    r.Prefix, Number(r.Metric), r.NextHop, r.Interface, r.Source, Number(r.Seqno),
                    (r.Selected ? "selected " : "") + (r.Feasible ? "feasible" : "unfeasible"),
                }));
        Table(text, "Announced", ["PREFIX", "METRIC"],
            report.Announced?.Select(a => new[] { a.Prefix, Number(a.Metric) }));
        if (report.Counters is { Count: > 0 } counters)
        {
            text.Append("\nCounters\n");
            foreach (var (name, value) in counters)
                text.Append(CultureInfo.InvariantCulture, $"  {name} {value}\n");
        }
        return text.ToString();
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static void Table(StringBuilder text, string title, string[] header, IEnumerable<string[]>? rows)
    {
        var all = rows?.ToList() ?? [];
        text.Append(CultureInfo.InvariantCulture, $"\n{title} ({all.Count})\n");
        if (all.Count == 0)
            return;
        var widths = header.Select((h, c) => Math.Max(h.Length, all.Max(r => r[c].Length))).ToArray();
        Row(text, header, widths);
        foreach (var row in all)
            Row(text, row, widths);
    }

    private static void Row(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append("  ");
        for (var c = 0; c < cells.Length; c++)
        {
            text.Append(c == cells.Length - 1 ? cells[c] : cells[c].PadRight(widths[c] + 2));
        }
        text.Append('\n');
    }
}
