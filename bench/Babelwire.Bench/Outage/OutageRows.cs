using System.Globalization;

namespace Babelwire.Bench.Outage;

/// <summary>Turns a series of trials into table rows: median outage and median return, each with its range.</summary>
internal static class OutageRows
{
    public static IEnumerable<BenchRow> For(
        string subject, IReadOnlyList<OutageTrialResult> trials, string outageTarget, string returnTarget)
    {
        const string benchmark = "underlay cut (nft drop), triangle";
        var failures = trials.Where(t => t.Failure is not null).Select(t => t.Failure!).Distinct().ToList();
        var note = failures.Count == 0 ? "" : $"; {trials.Count(t => t.Failure is not null)} incomplete: {string.Join(" / ", failures)}";
        yield return new BenchRow(benchmark, subject, "median outage (min-max)", Summary(trials.Select(t => t.OutageSeconds), trials.Count) + note, outageTarget);
        yield return new BenchRow(
            benchmark, subject, "median return to direct path (min-max)", Summary(trials.Select(t => t.ReturnSeconds), trials.Count), returnTarget);
        var returnGaps = trials.Select(t => t.ReturnGapSeconds).OfType<double>().ToList();
        if (returnGaps.Count > 0)
        {
            yield return new BenchRow(
                benchmark, subject, "longest gap while returning", Seconds(returnGaps.Max()), "");
        }
    }

    private static string Summary(IEnumerable<double?> values, int trials)
    {
        var measured = values.OfType<double>().Order().ToList();
        if (measured.Count == 0)
        {
            return $"none of {trials} trials completed";
        }

        var median = measured.Count % 2 == 1
            ? measured[measured.Count / 2]
            : (measured[(measured.Count / 2) - 1] + measured[measured.Count / 2]) / 2;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Seconds(median)} ({measured[0]:F2}-{measured[^1]:F2}), {measured.Count}/{trials} trials");
    }

    private static string Seconds(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:F2} s");
}
