using System.Globalization;

namespace Babelwire.Bench;

/// <summary>Turns ingest results into table rows, with the targets on our agent's rows.</summary>
internal static class IngestRows
{
    public static IEnumerable<BenchRow> For(IngestResult result, bool isBaseline)
    {
        var benchmark = string.Create(CultureInfo.InvariantCulture, $"ingest {result.Prefixes:N0} prefixes");
        var under5s = !isBaseline && result.Prefixes == 100_000;
        var time = result.Completed
            ? string.Create(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds:F2} s")
            : string.Create(CultureInfo.InvariantCulture, $"did not complete (reached {result.Reached:N0} in {result.Elapsed.TotalSeconds:F0} s)");
        if (result.Note is not null && result.Elapsed == TimeSpan.Zero)
        {
            time = result.Note;
        }

        yield return new BenchRow(benchmark, result.Subject, "time to all selected", time, isBaseline ? "baseline" : under5s ? "< 5 s" : "");
        yield return new BenchRow(benchmark, result.Subject, "receiver peak RSS", ProcessMemory.Format(result.PeakResidentBytes),
            isBaseline ? "baseline" : under5s ? "< 200 MB" : "");
        var adjacency = result.Note is null || result.Elapsed == TimeSpan.Zero ? result.Adjacency : $"{result.Adjacency}; {result.Note}";
        yield return new BenchRow(benchmark, result.Subject, "adjacency", adjacency, isBaseline ? "baseline" : "never drops");
    }
}
