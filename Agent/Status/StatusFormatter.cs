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
        if (report.ControlPlane is { } controller)
            ControlPlane(text, controller, report.Time);
        if (report.WireGuard is { } wg)
            WireGuard(text, wg, report.Time);
        var peers = report.Neighbours?.Any(n => n.PublicKey is not null) == true;
        Table(text, "Neighbours",
            peers
                ? ["ADDRESS", "INTERFACE", "REACH", "UREACH", "RXCOST", "TXCOST", "COST", "RTT", "PEER", "HANDSHAKE", "RX", "TX"]
                : ["ADDRESS", "INTERFACE", "REACH", "UREACH", "RXCOST", "TXCOST", "COST", "RTT"],
            report.Neighbours?.Select(n =>
            {
                string[] row =
                [
                    n.Address, n.Interface, n.Reach, n.UnicastReach, Number(n.RxCost), Number(n.TxCost), Number(n.Cost),
                    n.RttMs is { } rtt ? string.Create(CultureInfo.InvariantCulture, $"{rtt:0.000} ms") : "-",
                ];
                return peers
                    ? [.. row, n.PublicKey ?? "-", n.PublicKey is null ? "-" : Ago(n.LastHandshake, report.Time), Bytes(n.RxBytes), Bytes(n.TxBytes)]
                    : row;
            }));
        var programmed = report.Routes?.Any(r => r.Programmed is not null) == true;
        Table(text, "Routes",
            programmed
                ? ["PREFIX", "METRIC", "NEXT-HOP", "INTERFACE", "SOURCE", "SEQNO", "FLAGS", "PROGRAMMED"]
                : ["PREFIX", "METRIC", "NEXT-HOP", "INTERFACE", "SOURCE", "SEQNO", "FLAGS"],
            report.Routes?
                .OrderBy(r => r.Prefix, StringComparer.Ordinal).ThenBy(r => r.Metric)
                .Select(r =>
                {
                    string[] row =
                    [
                        r.Prefix, Number(r.Metric), r.NextHop, r.Interface, r.Source, Number(r.Seqno),
                        (r.Selected ? "selected " : "") + (r.Feasible ? "feasible" : "unfeasible"),
                    ];
                    return programmed ? [.. row, Programmed(r)] : row;
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

    private static void WireGuard(StringBuilder text, WireGuardReport wg, DateTimeOffset now)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"\nWireGuard {wg.Interface} ({wg.Backend}, {wg.Mode})  public key {wg.PublicKey ?? "-"}  listen port {wg.ListenPort}  link-local {wg.LinkLocal}\n");
        if (wg.Addresses.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"  addresses {string.Join(", ", wg.Addresses)}\n");
        if (wg.Pending || wg.LastError is not null)
            text.Append(CultureInfo.InvariantCulture, $"  AllowedIPs: changes pending{(wg.LastError is { } e ? $", last error: {e}" : "")}\n");
        Table(text, "Peers", ["PUBLIC-KEY", "LINK-LOCAL", "ENDPOINT", "HANDSHAKE", "RX", "TX", "ALLOWED-IPS", "ROUTED", "CONFIGURED"],
            wg.Peers.Select(p => new[]
            {
                p.PublicKey, p.LinkLocal, p.Endpoint ?? "-", Ago(p.LastHandshake, now), Bytes(p.RxBytes), Bytes(p.TxBytes),
                Number(p.AllowedIps), Number(p.Routed), p.Configured ? "yes" : "no",
            }));
    }

    private static void ControlPlane(StringBuilder text, ControlPlaneReport c, DateTimeOffset now)
    {
        var node = c.NodeId is { } id ? $"node {c.NodeName ?? "-"} ({id})" : "not enrolled";
        var since = c.Since is { } t ? $" {Ago(t, now)}" : "";
        var peers = c.PeerSetVersion is { } v ? $"peer set v{v.ToString(CultureInfo.InvariantCulture)}, {Number(c.Peers)} peer(s)" : "no peer set";
        text.Append(CultureInfo.InvariantCulture, $"\nController {c.Url}  {node}  {c.State}{since}  {peers}\n");
        if (c.LastError is { } error)
            text.Append(CultureInfo.InvariantCulture, $"  last error: {error}\n");
    }

    private static string Programmed(RouteReport r) => r.Programmed switch
    {
        true => "yes",
        false => r.Refused is { } why ? $"no ({why})" : "no",
        null => "-",
    };

    /// <summary>"12s ago", "3m05s ago", or "never" (WireGuard reports 0 when there was no handshake).</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
            return "never";
        var age = now - t;
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero;
        return age.TotalMinutes < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalSeconds}s ago")
            : age.TotalHours < 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m{age.Seconds:00}s ago")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h{age.Minutes:00}m ago");
    }

    /// <summary>Transfer counters as wg shows them: B, KiB, MiB, GiB.</summary>
    public static string Bytes(long? bytes)
    {
        if (bytes is not { } b)
            return "-";
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = b;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{b} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {units[unit]}");
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
