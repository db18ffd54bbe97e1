using Babelwire.Agent.SystemTests.Lab;

namespace Babelwire.Bench.Outage;

/// <summary>Several trials of one router at one Hello interval, each on its own fresh triangle.</summary>
internal static class OutageSeries
{
    /// <summary>
    /// Runs <paramref name="trials"/> trials, all at once when <paramref name="concurrently"/> (babeld: tiny, and its
    /// return takes tens of seconds), otherwise one after another (our agents: three .NET processes per triangle on a
    /// shared 2-core machine would disturb each other's timing).
    /// </summary>
    public static async Task<IReadOnlyList<OutageTrialResult>> RunAsync(
        Func<NetworkLab, CancellationToken, Task<TriangleUnderTest>> setUp, TimeSpan helloInterval, OutageLimits limits, int trials,
        bool concurrently, CancellationToken cancellationToken)
    {
        if (concurrently)
        {
            return await Task.WhenAll(Enumerable.Range(0, trials).Select(_ => OutageTrial.RunAsync(setUp, helloInterval, limits, cancellationToken)));
        }

        var results = new List<OutageTrialResult>();
        for (var i = 0; i < trials; i++)
        {
            results.Add(await OutageTrial.RunAsync(setUp, helloInterval, limits, cancellationToken));
        }

        return results;
    }
}
