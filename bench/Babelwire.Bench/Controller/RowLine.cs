using System.Text.Json;

namespace Babelwire.Bench.Controller;

/// <summary>Table rows passed from the benchmark run inside the namespace to the process that prints the table:
/// one line each on standard output, "bench-row " and the row as JSON.</summary>
internal static class RowLine
{
    public const string Prefix = "bench-row ";

    public static string Format(BenchRow row) => Prefix + JsonSerializer.Serialize(row);

    /// <summary>The row on the line, or null for any other line.</summary>
    public static BenchRow? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<BenchRow>(line.AsSpan(Prefix.Length));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
