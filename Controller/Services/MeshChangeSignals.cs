using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Babelwire.Controller.Services;

/// <summary>
/// Where the parts of the controller that change the mesh say so, for the live view: a node's reported topology
/// changed, its row (status, endpoints, agent version, presence) changed, or it was deleted. Signalling costs one set
/// insert and a non-blocking wake-up, so an agent's report pays nothing for the dashboards; the live view takes the
/// accumulated ids in one go (many signals for one node between two takes count once).
/// </summary>
public sealed class MeshChangeSignals
{
    private readonly ConcurrentDictionary<Guid, byte> _topology = new();
    private readonly ConcurrentDictionary<Guid, byte> _rows = new();
    private readonly ConcurrentDictionary<Guid, byte> _forgotten = new();

    // One pending wake-up is enough: the reader takes everything accumulated when it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>The node's neighbours, routes or freshness (stale/live) changed.</summary>
    public void TopologyChanged(Guid nodeId) => Signal(_topology, nodeId);

    /// <summary>The node's row changed (enrolled, disabled, enabled, endpoints) or its agent connected or disconnected.</summary>
    public void NodeChanged(Guid nodeId) => Signal(_rows, nodeId);

    /// <summary>The node was deleted.</summary>
    public void NodeForgotten(Guid nodeId) => Signal(_forgotten, nodeId);

    /// <summary>Something other than a node changed (the database came or went): wakes the reader with no ids.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Waits until something was signalled since the last <see cref="Take"/> (or <paramref name="timeout"/> passes).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_wake.Reader.TryRead(out _))
        {
            return true;
        }
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _wake.Reader.WaitToReadAsync(timeoutSource.Token);
            return _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Takes (and clears) every id signalled so far.</summary>
    public MeshChanges Take() => new(Drain(_topology), Drain(_rows), Drain(_forgotten));

    private void Signal(ConcurrentDictionary<Guid, byte> set, Guid nodeId)
    {
        set.TryAdd(nodeId, 0);
        _wake.Writer.TryWrite(true);
    }

    private static List<Guid> Drain(ConcurrentDictionary<Guid, byte> set)
    {
        if (set.IsEmpty)
        {
            return [];
        }
        List<Guid> ids = [];
        foreach (var id in set.Keys)
        {
            if (set.TryRemove(id, out _))
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}
