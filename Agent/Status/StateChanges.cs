namespace Babelwire.Agent.Status;

/// <summary>
/// Tells the readers of the agent's state (the control plane) that neighbours or selected routes changed, without
/// saying what: a reader takes a snapshot when it wants one. The engine loop calls <see cref="Notify"/> after a
/// turn that moved the engine's topology version; a reader remembers the <see cref="Version"/> it has seen and waits
/// for a later one. Any number of changes between two reads are one wake-up, so a burst costs one snapshot.
/// </summary>
public sealed class StateChanges
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>How many times <see cref="Notify"/> was called.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
                return _version;
        }
    }

    public void Notify()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            _version++;
            fired = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        fired.TrySetResult();
    }

    /// <summary>Completes once <see cref="Version"/> is past <paramref name="seen"/> (at once when it already is).</summary>
    public Task WaitAsync(long seen, CancellationToken cancellationToken)
    {
        lock (_gate)
            return _version > seen ? Task.CompletedTask : _next.Task.WaitAsync(cancellationToken);
    }
}
