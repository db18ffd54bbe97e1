using Babelwire.Bench.Outage;

namespace Babelwire.Bench.Tests;

public sealed class OutageRowsTests
{
    [Fact]
    public void Median_of_five_trials_is_the_middle_one_with_the_range()
    {
        OutageTrialResult[] trials = [.. new[] { 4.0, 1.0, 3.0, 5.0, 2.0 }.Select(o => new OutageTrialResult(o, o * 10, 0.1, null))];

        var rows = OutageRows.For("subject", trials, "<= 2 s", "<= 5 s").ToList();

        Assert.Equal("3.00 s (1.00-5.00), 5/5 trials", rows[0].Value);
        Assert.Equal("30.00 s (10.00-50.00), 5/5 trials", rows[1].Value);
        Assert.Equal("<= 2 s", rows[0].Target);
    }

    [Fact]
    public void Incomplete_trials_are_counted_and_named()
    {
        OutageTrialResult[] trials = [new(1.0, null, null, "timed out"), new(3.0, 2.0, 0.1, null)];

        var rows = OutageRows.For("subject", trials, "", "").ToList();

        Assert.Equal("2.00 s (1.00-3.00), 2/2 trials; 1 incomplete: timed out", rows[0].Value);
        Assert.Equal("2.00 s (2.00-2.00), 1/2 trials", rows[1].Value);
    }
}
