namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// Wire intervals are 16-bit centiseconds (RFC 8966 §4.6.5 and others). Converting to the wire rounds up to the next
/// whole centisecond (so a timer never fires early at the receiver) and clamps to 0..0xFFFF (655.35 s); negative
/// spans become 0.
/// </summary>
public static class Centiseconds
{
    private const long TicksPerCentisecond = TimeSpan.TicksPerMillisecond * 10;

    public static TimeSpan ToTimeSpan(ushort centiseconds) => new(centiseconds * TicksPerCentisecond);

    public static ushort FromTimeSpan(TimeSpan interval)
    {
        if (interval.Ticks <= 0)
            return 0;
        var cs = (interval.Ticks + TicksPerCentisecond - 1) / TicksPerCentisecond;
        return cs >= ushort.MaxValue ? ushort.MaxValue : (ushort)cs;
    }

    /// <summary>For IHU and Update, where 0 is invalid on the wire (RFC 8966 §4.6.6, §4.6.9): at least 1 cs.</summary>
    public static ushort FromTimeSpanNonZero(TimeSpan interval) => Math.Max((ushort)1, FromTimeSpan(interval));
}
