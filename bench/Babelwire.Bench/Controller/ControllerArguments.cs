using System.Globalization;

namespace Babelwire.Bench.Controller;

/// <summary>
/// The controller benchmark's options on the command line: <c>--agents 100,1000,5000</c>, <c>--window SECONDS</c>
/// (steady state, 60 by default), <c>--samples K</c> (report-to-API samples, 150), <c>--quick</c> (100 and 1,000
/// agents, a 20 s window, 100 samples, unless given), <c>--ipv6-routes</c> (agents report no IPv4 routes),
/// <c>--netns NAME</c> (the namespace to make; bwbench-PID).
/// </summary>
internal sealed record ControllerArguments(ControllerBenchOptions Options, string? Namespace)
{
    public static readonly int[] DefaultAgents = [100, 1_000, 5_000];

    public static ControllerArguments Parse(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var agents = Value(args, "--agents") is { } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => Positive(a, "--agents"))]
            : quick ? [100, 1_000] : DefaultAgents;
        var window = TimeSpan.FromSeconds(Value(args, "--window") is { } w ? Positive(w, "--window") : quick ? 20 : 60);
        var samples = Value(args, "--samples") is { } s ? Positive(s, "--samples") : quick ? 100 : 150;
        return new ControllerArguments(
            new ControllerBenchOptions(agents, window, samples, Ipv6RoutesOnly: args.Contains("--ipv6-routes")), Value(args, "--netns"));
    }

    /// <summary>The arguments that give the run inside the namespace the same options.</summary>
    public IEnumerable<string> ForChild() =>
    [
        "--agents", string.Join(',', Options.Agents.Select(a => a.ToString(CultureInfo.InvariantCulture))),
        "--window", Options.Window.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture),
        "--samples", Options.Samples.ToString(CultureInfo.InvariantCulture),
        .. Options.Ipv6RoutesOnly ? ["--ipv6-routes"] : Array.Empty<string>(),
    ];

    private static string? Value(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name)
            {
                return i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            }
        }
        return null;
    }

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a positive whole number");
}
