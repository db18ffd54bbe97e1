namespace Babelwire.Web.Services;

/// <summary>
/// Runs a refresh at most once per <c>minimumInterval</c>: a request within the interval of the last run is deferred to
/// its end (and requests meanwhile are one), so a burst of feed changes is one query. Also requests one every
/// <c>periodicInterval</c> (<see cref="Timeout.InfiniteTimeSpan"/>: never). The refresh is called through <c>dispatch</c> (a component's InvokeAsync).
/// </summary>
public sealed class RefreshThrottle : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _minimumInterval;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task> _refresh;
    private readonly ITimer _deferred;
    private readonly ITimer _periodic;
    private readonly Lock _gate = new();
    private long _lastRun = long.MinValue;
    private bool _scheduled;
    private bool _disposed;

    public RefreshThrottle(TimeProvider time, TimeSpan minimumInterval, TimeSpan periodicInterval, Func<Func<Task>, Task> dispatch, Func<Task> refresh)
    {
        _time = time;
        _minimumInterval = minimumInterval;
        _dispatch = dispatch;
        _refresh = refresh;
        _deferred = time.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _periodic = time.CreateTimer(_ => Request(), null, periodicInterval, periodicInterval);
    }

    /// <summary>Asks for a refresh: now, or at the end of the current interval.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_disposed || _scheduled)
                return;
            _scheduled = true;
            var since = _lastRun == long.MinValue ? TimeSpan.MaxValue : _time.GetElapsedTime(_lastRun);
            var wait = since >= _minimumInterval ? TimeSpan.Zero : _minimumInterval - since;
            _deferred.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RunAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _scheduled = false;
            _lastRun = _time.GetTimestamp();
        }
        try
        {
            await _dispatch(_refresh);
        }
        catch (ObjectDisposedException)
        {
            // The component (its circuit) went away meanwhile.
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _disposed = true;
        _deferred.Dispose();
        _periodic.Dispose();
    }
}
