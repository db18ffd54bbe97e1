namespace Babelwire.Agent.Babel.Timers;

/// <summary>Conversions of the engine's monotonic time (elapsed since construction) to what timers and the wire need.</summary>
internal static class EngineClock
{
    /// <summary>RFC 9616 timestamps: a 32-bit microsecond clock that wraps.</summary>
    public static uint Microseconds(TimeSpan now) => unchecked((uint)(now.Ticks / TimeSpan.TicksPerMicrosecond));

    /// <summary>
    /// Rounds a deadline up to the next whole second. Bulk timers (route expiry, source GC) use it so that refreshing
    /// 100,000 routes wakes the loop at most once a second, not once per route.
    /// </summary>
    public static TimeSpan CeilingToSecond(TimeSpan t)
        => TimeSpan.FromTicks((t.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);

    public static TimeSpan Min(TimeSpan a, TimeSpan? b) => b is { } v && v < a ? v : a;
}
