namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// Exponential backoff with jitter: <see cref="Initial"/> doubling up to <see cref="Maximum"/>, each delay spread
/// between ¾ and 5⁄4 of its nominal value (babeld's <c>roughly()</c>) so that agents cut off together do not come
/// back together.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum, Random random)
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaximum = TimeSpan.FromSeconds(60);

    private int _failures;

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Maximum { get; } = maximum;

    public int Failures => _failures;

    /// <summary>The delay before the next attempt; each call doubles the nominal delay until it reaches the maximum.</summary>
    public TimeSpan Next()
    {
        var nominal = Nominal(_failures);
        if (_failures < 30)
            _failures++;
        return TimeSpan.FromTicks((long)(nominal.Ticks * (0.75 + (random.NextDouble() * 0.5))));
    }

    /// <summary>After a success: the next failure starts again at <see cref="Initial"/>.</summary>
    public void Reset() => _failures = 0;

    public TimeSpan Nominal(int failures)
    {
        var ticks = Initial.Ticks * Math.Pow(2, Math.Min(failures, 30));
        return ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }
}
