using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>Percentiles of a set of delays, in milliseconds; <see cref="Count"/> 0 means nothing was measured.</summary>
internal sealed record LatencySummary(int Count, double P50, double P95, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0);

    /// <summary>Nearest-rank percentiles (the smallest value with at least p% of the values at or below it).</summary>
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? Empty
            : new LatencySummary(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 95), sorted[^1]);
    }

    public static double NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>"p50 12 ms, p95 340 ms, max 1.20 s (n = 150)".</summary>
    public string Format() => Count == 0
        ? "no samples"
        : $"p50 {Duration(P50)}, p95 {Duration(P95)}, max {Duration(Max)} (n = {Count.ToString("N0", CultureInfo.InvariantCulture)})";

    public static string Duration(double milliseconds) => milliseconds >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:F2} s")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:F0} ms");
}
