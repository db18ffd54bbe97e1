using System.Globalization;
using Babelwire.Bench;

// Runs every benchmark and prints one table. Usage: Babelwire.Bench [--sizes 10000,100000] [--no-babeld] [--no-agent]
var sizes = new[] { 10_000, 100_000 };
var withBabeld = !args.Contains("--no-babeld");
var sizesAt = Array.IndexOf(args, "--sizes");
if (sizesAt >= 0 && sizesAt + 1 < args.Length)
{
    sizes = [.. args[sizesAt + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var rows = new List<BenchRow>();
foreach (var size in sizes)
{
    if (withBabeld)
    {
        Console.Error.WriteLine($"bench: babeld -> babeld, {size} prefixes");
        var timeout = TimeSpan.FromSeconds(size >= 100_000 ? 90 : 60);
        rows.AddRange(IngestRows.For(await BabeldIngest.RunAsync(size, timeout, cancel.Token), isBaseline: true));
    }
}

BenchTable.Print(rows, Console.Out);
