using System.Threading.Channels;
using Babelwire.Shared.State;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// The newest snapshot waiting for the session loop. A newer one replaces the one waiting (each delta is computed
/// against the last snapshot sent, so nothing is lost); whether either was periodic is kept, so a periodic snapshot
/// replaced by a change-driven one still sends counter-only changes.
/// </summary>
internal sealed class SnapshotSlot
{
    private readonly Lock _gate = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private AgentStateDto? _snapshot;
    private bool _periodic;

    public void Offer(AgentStateDto snapshot, bool periodic)
    {
        lock (_gate)
        {
            _snapshot = snapshot;
            _periodic |= periodic;
        }
        _doorbell.Writer.TryWrite(true);
    }

    public Task<bool> WaitAsync(CancellationToken cancellationToken) => _doorbell.Reader.WaitToReadAsync(cancellationToken).AsTask();

    public bool TryTake(out AgentStateDto snapshot, out bool periodic)
    {
        _doorbell.Reader.TryRead(out _);
        lock (_gate)
        {
            snapshot = _snapshot!;
            periodic = _periodic;
            _snapshot = null;
            _periodic = false;
            return snapshot is not null;
        }
    }
}
