namespace Babelwire.Bench.Outage;

/// <summary>The outage rows: babeld's baseline at 1 s and 4 s Hellos (run side by side), then our agents.</summary>
internal static class OutageBenchmark
{
    private static readonly OutageLimits BabeldLimits = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(150));

    private static readonly OutageLimits AgentLimits = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

    public static async Task<IReadOnlyList<BenchRow>> AgentAsync(string agentDll, int trials, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        foreach (var (hello, outageTarget) in new[] { (TimeSpan.FromSeconds(1), "<= 2 s"), (TimeSpan.FromMilliseconds(250), "< 1 s") })
        {
            var label = hello.TotalSeconds >= 1 ? FormattableString.Invariant($"{hello.TotalSeconds:F0} s") : FormattableString.Invariant($"{hello.TotalMilliseconds:F0} ms");
            Console.Error.WriteLine($"bench: underlay cut, babelwire-agent (WireGuard mode) at {label} Hellos, {trials} trials (one after another)");
            var results = await OutageSeries.RunAsync(AgentTriangle.SetUp(agentDll, hello), hello, AgentLimits, trials, concurrently: false, cancellationToken);
            rows.AddRange(OutageRows.For($"babelwire-agent, {label} Hellos (wireguard-go)", results, outageTarget, "<= 5 s"));
        }

        return rows;
    }

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
