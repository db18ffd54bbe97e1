using System.Diagnostics;
using System.Threading.Channels;

namespace Babelwire.Bench.Controller;

/// <summary>
/// All simulated agents: connects them with bounded concurrency, then runs each one's delta loop at the state report
/// interval, phases spread evenly over the interval; <see cref="PauseAsync"/> holds every loop (for the join probe).
/// </summary>
internal sealed class AgentFleet(IReadOnlyList<SimulatedAgent> agents, FleetCounters counters) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _inFlight;
    private volatile bool _paused;

    public IReadOnlyList<SimulatedAgent> Agents { get; } = agents;

    public FleetCounters Counters { get; } = counters;

    /// <summary>Markers that went out in a delta, for the delay probe.</summary>
    public Channel<DelayMarker> SentMarkers { get; } = Channel.CreateUnbounded<DelayMarker>();

    public int ConnectedCount => Agents.Count(a => a.IsConnected);

    public async Task<TimeSpan> ConnectAllAsync(Uri hubUri, int concurrency, Action<int> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(Agents, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (agent, ct) =>
            {
                await agent.ConnectAsync(hubUri, ct);
                progress(Interlocked.Increment(ref done));
            });
        return clock.Elapsed;
    }

    public void StartLoops(TimeSpan interval)
    {
        for (var i = 0; i < Agents.Count; i++)
        {
            var phase = interval * i / Agents.Count;
            _loops.Add(LoopAsync(Agents[i], phase, interval, _stop.Token));
        }
    }

    /// <summary>Stops new deltas and waits (at most <paramref name="limit"/>) until none is in flight.</summary>
    public async Task PauseAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        _paused = true;
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _inFlight) > 0 && clock.Elapsed < limit)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Parallel.ForEachAsync(Agents, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (agent, _) => await agent.DisposeAsync());
        _stop.Dispose();
    }

    private async Task LoopAsync(SimulatedAgent agent, TimeSpan phase, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(phase, cancellationToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                if (_paused || !agent.IsConnected)
                {
                    continue;
                }
                Interlocked.Increment(ref _inFlight);
                try
                {
                    await agent.SendDeltaAsync(SentMarkers.Writer, null, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
