using System.Diagnostics;
using Babelwire.Shared.State;

namespace Babelwire.Bench.ChangeReport;

/// <summary>What the bench's hub saw: reports counted, and the arrival time of the delta carrying the awaited route metric.</summary>
internal sealed class ChangeReportProbe
{
    private readonly Lock _gate = new();
    private int _marker = -1;
    private TaskCompletionSource<long>? _arrival;
    private int _deltas;
    private int _fullReports;

    public int Deltas => Volatile.Read(ref _deltas);

    public int FullReports => Volatile.Read(ref _fullReports);

    public TaskCompletionSource FirstReport { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next delta whose routes carry <paramref name="metric"/> completes the returned task with its arrival (<see cref="Stopwatch"/> ticks).</summary>
    public Task<long> Expect(int metric)
    {
        lock (_gate)
        {
            _marker = metric;
            _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _arrival.Task;
        }
    }

    public void Full()
    {
        Interlocked.Increment(ref _fullReports);
        FirstReport.TrySetResult();
    }

    public void Delta(AgentStateDeltaDto delta)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _deltas);
        lock (_gate)
        {
            if (_arrival is not null && delta.RoutesUpserted.Any(r => r.Metric == _marker))
                _arrival.TrySetResult(now);
        }
    }
}
