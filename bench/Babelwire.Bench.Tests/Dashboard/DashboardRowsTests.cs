using Babelwire.Bench.Controller;
using Babelwire.Bench.Dashboard;

namespace Babelwire.Bench.Tests.Dashboard;

public sealed class DashboardRowsTests
{
    private static WindowResult Window(int pages) => new(
        pages, "note", TimeSpan.FromSeconds(30), 0.5, 100 << 20, 120 << 20, 0.8, 0.1, 0.9, 200,
        LatencySummary.Of([100, 200, 300]), 1, 2_000, 1_998, 3);

    [Fact]
    public void A_window_without_pages_has_no_report_to_drawn_row()
    {
        var rows = DashboardRows.Window("b", Window(0), 2, targeted: true).ToList();

        Assert.All(rows, r => Assert.Equal("no dashboards", r.Subject));
        Assert.DoesNotContain(rows, r => r.Measure.StartsWith("report", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Value == "200/s; 1,998/2,000; 3 lost");
    }

    [Fact]
    public void A_window_with_pages_gives_the_delays_with_the_missed_samples_and_the_target_only_at_the_issue_size()
    {
        var delay = DashboardRows.Window("b", Window(20), 2, targeted: true).Single(r => r.Measure.StartsWith("report", StringComparison.Ordinal));
        var untargeted = DashboardRows.Window("b", Window(1), 2, targeted: false).Single(r => r.Measure.StartsWith("report", StringComparison.Ordinal));

        Assert.Equal("20 dashboards", delay.Subject);
        Assert.Equal("p50 200 ms, p95 300 ms, max 300 ms (n = 3); 1 not drawn within 10 s", delay.Value);
        Assert.Equal(DashboardRows.DelayTarget, delay.Target);
        Assert.Equal("1 dashboard", untargeted.Subject);
        Assert.Equal("", untargeted.Target);
    }
}
