using System.Net;
using System.Text.Json;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Status;

namespace Babelwire.Agent.Tests;

public sealed class StatusFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    private static RouterSnapshot Snapshot()
    {
        Assert.True(RouterId.TryParse("02:00:00:00:00:00:00:01", out var self));
        Assert.True(RouterId.TryParse("02:00:00:00:00:00:00:02", out var other));
        var neighbour = IPAddress.Parse("fe80::2");
        return new RouterSnapshot(
            self,
            new SeqNo(4711),
            [
                new NeighbourStatus("veth0", neighbour, 0xFF00, 0, 96, 96, 96, TimeSpan.FromMicroseconds(412)),
                new NeighbourStatus("veth1", IPAddress.Parse("fe80::3"), 0x8000, 0, 0xFFFF, 0xFFFF, 0xFFFF, null),
            ],
            [
                new RouteStatus(IPNetwork.Parse("2001:db8:2::/48"), other, "veth0", neighbour, new SeqNo(12), 96, 0, true, true),
                new RouteStatus(IPNetwork.Parse("198.18.2.0/24"), other, "veth0", neighbour, new SeqNo(12), 224, 128, false, false),
            ],
            [new AnnouncedPrefix(IPNetwork.Parse("2001:db8:1::/48"), 0)]);
    }

    private static readonly InterfaceReport[] Interfaces =
    [
        new("veth0", "multicast", true, 7, 1500, "fe80::1"),
        new("veth1", "unicast", false, null, null, null),
    ];

    [Fact]
    public void The_summary_from_counts_agrees_with_the_one_computed_from_the_full_snapshot()
    {
        var snapshot = Snapshot();
        var report = StatusReports.Summary(snapshot.RouterId, snapshot.Seqno, new RouterCounts(2, 2, 2, 1, 1), Interfaces, Now);
        var full = StatusReports.Full(snapshot, Interfaces, new Dictionary<string, long>(), Now);

        Assert.Equal(new StatusSummary(Interfaces: 2, InterfacesUp: 1, Neighbours: 2, Routes: 2, SelectedRoutes: 1, Announced: 1), report.Summary);
        Assert.Equal(report.Summary, full.Summary);
        Assert.Null(report.Routes);
        Assert.Null(report.Neighbours);
        Assert.Equal(
            "router-id 02:00:00:00:00:00:00:01  seqno 4711\ninterfaces 1/2 up  neighbours 2  routes 2 (1 selected)  announced 1\n",
            StatusFormatter.Summary(report));
    }

    [Fact]
    public void The_full_report_prints_a_row_per_neighbour_and_route_with_their_columns()
    {
        var report = StatusReports.Full(Snapshot(), Interfaces, new Dictionary<string, long> { ["sendErrors"] = 3 }, Now);

        var lines = StatusFormatter.Full(report).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("  fe80::2 ", StringComparison.Ordinal)
            && l.Contains("veth0", StringComparison.Ordinal) && l.Contains("ff00", StringComparison.Ordinal) && l.EndsWith("0.412 ms", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  fe80::3 ", StringComparison.Ordinal) && l.Contains("65535", StringComparison.Ordinal) && l.EndsWith('-'));
        Assert.Contains(lines, l => l.StartsWith("  2001:db8:2::/48 ", StringComparison.Ordinal) && l.EndsWith("selected feasible", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  198.18.2.0/24 ", StringComparison.Ordinal) && l.EndsWith(" unfeasible", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  veth1 ", StringComparison.Ordinal) && l.Contains("waiting", StringComparison.Ordinal));
        Assert.Contains("  sendErrors 3", lines);
        Assert.Contains("Routes (2)", lines);
    }

    [Fact]
    public void Table_columns_line_up_under_their_headers()
    {
        var report = StatusReports.Full(Snapshot(), Interfaces, new Dictionary<string, long>(), Now);
        var lines = StatusFormatter.Full(report).Split('\n');

        var header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("PREFIX  ", StringComparison.Ordinal) && l.Contains("NEXT-HOP", StringComparison.Ordinal));
        var column = lines[header].IndexOf("NEXT-HOP", StringComparison.Ordinal);

        Assert.Equal("fe80::2", lines[header + 1][column..].Split(' ')[0]);
        Assert.Equal("fe80::2", lines[header + 2][column..].Split(' ')[0]);
    }

    [Fact]
    public void The_JSON_report_uses_camelCase_keys_and_reads_back_unchanged()
    {
        var report = StatusReports.Full(Snapshot(), Interfaces, new Dictionary<string, long> { ["sendErrors"] = 3 }, Now);

        var json = JsonSerializer.Serialize(report, StatusJsonContext.Default.StatusReport);
        var back = JsonSerializer.Deserialize(json, StatusJsonContext.Default.StatusReport)!;

        using var document = JsonDocument.Parse(json);
        var route = document.RootElement.GetProperty("routes")[0];
        Assert.Equal("2001:db8:2::/48", route.GetProperty("prefix").GetString());
        Assert.Equal("fe80::2", route.GetProperty("nextHop").GetString());
        Assert.True(route.GetProperty("selected").GetBoolean());
        Assert.Equal(0.412, document.RootElement.GetProperty("neighbours")[0].GetProperty("rttMs").GetDouble());
        Assert.False(document.RootElement.GetProperty("neighbours")[1].TryGetProperty("rttMs", out _));
        Assert.Equal(report.Summary, back.Summary);
        Assert.Equal(report.Routes, back.Routes);
        Assert.Equal(report.Neighbours, back.Neighbours);
    }

    [Fact]
    public void A_summary_report_leaves_the_tables_out_of_the_JSON()
    {
        var snapshot = Snapshot();
        var json = JsonSerializer.Serialize(
            StatusReports.Summary(snapshot.RouterId, snapshot.Seqno, new RouterCounts(2, 2, 2, 1, 1), Interfaces, Now), StatusJsonContext.Default.StatusReport);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(["routerId", "seqno", "time", "summary"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
