namespace Babelwire.Agent.Babel.Timers;

/// <summary>Timer jitter as babeld's <c>roughly()</c> (util.c): uniformly in [¾ v, 5⁄4 v).</summary>
internal static class Jitter
{
    public static TimeSpan Roughly(Random random, TimeSpan value)
        => TimeSpan.FromTicks((long)(value.Ticks * (0.75 + (0.5 * random.NextDouble()))));
}
