namespace Babelwire.Bench;

/// <summary>Prints benchmark rows as one aligned text table.</summary>
internal static class BenchTable
{
    public static void Print(IReadOnlyList<BenchRow> rows, TextWriter output)
    {
        string[] header = ["Benchmark", "Subject", "Measure", "Value", "Target"];
        var cells = rows.Select(r => new[] { r.Benchmark, r.Subject, r.Measure, r.Value, r.Target }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        for (var row = 0; row < cells.Count; row++)
        {
            output.WriteLine("| " + string.Join(" | ", cells[row].Select((c, i) => c.PadRight(widths[i]))) + " |");
            if (row == 0)
            {
                output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
            }
        }
    }
}
