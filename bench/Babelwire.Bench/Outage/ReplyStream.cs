namespace Babelwire.Bench.Outage;

/// <summary>Reading a recorded echo stream: gaps, and when it became steady.</summary>
internal static class ReplyStream
{
    /// <summary>
    /// The longest time between two consecutive replies where the later one arrived in (<paramref name="from"/>,
    /// <paramref name="to"/>]: the outage seen by the stream, accurate to the probe interval.
    /// </summary>
    public static double LongestGap(IReadOnlyList<PingReply> replies, double from, double to)
    {
        var longest = 0.0;
        for (var i = 1; i < replies.Count; i++)
        {
            if (replies[i].Time > from && replies[i].Time <= to)
            {
                longest = Math.Max(longest, replies[i].Time - replies[i - 1].Time);
            }
        }

        return longest;
    }

    /// <summary>
    /// The start of the last unbroken stretch of replies after <paramref name="since"/> that are all
    /// <paramref name="wanted"/>, with no gap over <paramref name="maxGap"/> s, if it has lasted
    /// <paramref name="steadyFor"/> s; otherwise null.
    /// </summary>
    public static double? SteadySince(
        IReadOnlyList<PingReply> replies, double since, Func<PingReply, bool> wanted, double maxGap, double steadyFor)
    {
        double? start = null;
        var previous = since;
        foreach (var reply in replies)
        {
            if (reply.Time < since)
            {
                continue;
            }

            if (!wanted(reply))
            {
                start = null;
            }
            else if (start is null || reply.Time - previous > maxGap)
            {
                start = reply.Time;
            }

            previous = reply.Time;
        }

        return start is { } s && previous - s >= steadyFor ? s : null;
    }
}
