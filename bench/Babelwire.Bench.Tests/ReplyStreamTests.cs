using Babelwire.Bench.Outage;

namespace Babelwire.Bench.Tests;

public sealed class ReplyStreamTests
{
    /// <summary>Replies every 10 ms from <paramref name="from"/> to <paramref name="to"/> (exclusive), with one TTL.</summary>
    private static IEnumerable<PingReply> Stream(double from, double to, int ttl = 64)
    {
        var count = (int)Math.Round((to - from) / 0.01);
        return Enumerable.Range(0, count).Select(i => new PingReply(from + (i * 0.01), i, ttl));
    }

    [Fact]
    public void Longest_gap_is_the_silence_around_the_cut()
    {
        PingReply[] replies = [.. Stream(100, 101), .. Stream(103.5, 106, ttl: 63)];

        var gap = ReplyStream.LongestGap(replies, from: 100.995, to: 106);

        Assert.Equal(2.51, gap, precision: 3);
    }

    [Fact]
    public void Longest_gap_ignores_gaps_that_ended_before_the_window()
    {
        PingReply[] replies = [.. Stream(100, 101), .. Stream(105, 106), .. Stream(106.5, 107)];

        var gap = ReplyStream.LongestGap(replies, from: 105.5, to: 107);

        Assert.Equal(0.51, gap, precision: 3);
    }

    [Fact]
    public void Steady_stretch_starts_after_the_last_gap()
    {
        PingReply[] replies = [.. Stream(100, 101), .. Stream(103, 106)];

        var start = ReplyStream.SteadySince(replies, since: 100.5, _ => true, maxGap: 0.25, steadyFor: 2);

        Assert.Equal(103, start);
    }

    [Fact]
    public void Steady_stretch_is_null_until_it_has_lasted_long_enough()
    {
        PingReply[] replies = [.. Stream(100, 101), .. Stream(103, 104)];

        Assert.Null(ReplyStream.SteadySince(replies, since: 100.5, _ => true, maxGap: 0.25, steadyFor: 2));
    }

    [Fact]
    public void Steady_stretch_restarts_at_the_first_wanted_reply_after_an_unwanted_one()
    {
        PingReply[] replies = [.. Stream(100, 102, ttl: 63), .. Stream(102, 106, ttl: 64)];

        var start = ReplyStream.SteadySince(replies, since: 100, r => r.Ttl == 64, maxGap: 0.25, steadyFor: 3);

        Assert.Equal(102, start!.Value, precision: 6);
    }

    [Fact]
    public void Replies_before_since_do_not_count()
    {
        PingReply[] replies = [.. Stream(100, 104)];

        Assert.Null(ReplyStream.SteadySince(replies, since: 103, _ => true, maxGap: 0.25, steadyFor: 2));
    }
}
