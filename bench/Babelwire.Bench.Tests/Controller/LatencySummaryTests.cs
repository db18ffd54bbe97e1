using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Tests.Controller;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_the_sorted_values()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse();

        var summary = LatencySummary.Of(values);

        Assert.Equal(new LatencySummary(100, 50, 95, 100), summary);
    }

    [Fact]
    public void Few_values_give_the_smallest_value_covering_the_percentile()
    {
        var summary = LatencySummary.Of([30, 10, 20]);

        Assert.Equal(20, summary.P50);
        Assert.Equal(30, summary.P95);
        Assert.Equal(30, summary.Max);
    }

    [Fact]
    public void No_values_say_no_samples()
    {
        Assert.Equal("no samples", LatencySummary.Of([]).Format());
    }

    [Fact]
    public void Format_switches_to_seconds_from_one_second()
    {
        var summary = new LatencySummary(150, 12.4, 999.6, 1234);

        Assert.Equal("p50 12 ms, p95 1000 ms, max 1.23 s (n = 150)", summary.Format());
    }

    [Fact]
    public void A_percentile_outside_0_to_100_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.NearestRank([1.0], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.NearestRank([], 50));
    }
}
