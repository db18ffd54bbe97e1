namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>Bounded polling, for the few things that cannot be awaited as a signal (kernel tables, status output).</summary>
public static class Poll
{
    /// <summary>
    /// Probes every <paramref name="interval"/> until <paramref name="done"/> holds, at most <paramref name="timeout"/>
    /// and at most timeout/interval + 1 attempts. On timeout, throws with the last value and <paramref name="diagnostics"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        string what, Func<CancellationToken, Task<T>> probe, Func<T, bool> done, TimeSpan timeout, TimeSpan interval,
        CancellationToken cancellationToken, Func<string>? diagnostics = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        var maxAttempts = (int)(timeout / interval) + 1;
        T last = default!;
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            last = await probe(cancellationToken);
            if (done(last))
            {
                return last;
            }

            if (TimeProvider.System.GetElapsedTime(started) >= timeout)
            {
                break;
            }

            await Task.Delay(interval, cancellationToken);
        }

        throw new TimeoutException(
            $"timed out after {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s waiting for {what}; last value: {last}"
            + (diagnostics is null ? "" : "\n" + diagnostics()));
    }
}
