namespace Babelwire.Bench.Outage;

/// <summary>The outage rows: babeld's baseline at 1 s and 4 s Hellos (run side by side), then our agents.</summary>
internal static class OutageBenchmark
{
    private static readonly OutageLimits BabeldLimits = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(150));

    public static async Task<IReadOnlyList<BenchRow>> BabeldAsync(int trials, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"bench: underlay cut, babeld at 1 s and 4 s Hellos, {trials} trials each (concurrent)");
        var fast = OutageSeries.RunAsync(BabeldTriangle.SetUp(1), TimeSpan.FromSeconds(1), BabeldLimits, trials, concurrently: true, cancellationToken);
        var slow = OutageSeries.RunAsync(BabeldTriangle.SetUp(4), TimeSpan.FromSeconds(4), BabeldLimits, trials, concurrently: true, cancellationToken);
        await Task.WhenAll(fast, slow);
        return
        [
            .. OutageRows.For("babeld 1.12.1, 1 s Hellos (veth)", await fast, "baseline (4.0 s earlier)", "baseline (33-49 s earlier)"),
            .. OutageRows.For("babeld 1.12.1, 4 s Hellos (veth)", await slow, "baseline (15.9 s earlier)", "baseline (33-49 s earlier)"),
        ];
    }
}
