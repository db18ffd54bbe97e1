using System.Collections.Concurrent;
using Babelwire.Controller.Data.Model;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Events waiting for the writer. Bounded: while the database is away for long, the oldest events are dropped (and
/// counted) rather than memory growing without limit; route and link rows are kept separately and never dropped.
/// </summary>
internal sealed class TopologyEventQueue(IOptions<TopologyOptions> options, TopologyMetrics metrics, ILogger<TopologyEventQueue> logger)
{
    private readonly ConcurrentQueue<MeshEvent> _queue = new();
    private int _count;
    private int _overflowing;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IEnumerable<MeshEvent> events)
    {
        var capacity = options.Value.MaxPendingEvents;
        foreach (var e in events)
        {
            _queue.Enqueue(e);
            if (Interlocked.Increment(ref _count) <= capacity)
            {
                continue;
            }
            if (_queue.TryDequeue(out _))
            {
                Interlocked.Decrement(ref _count);
                metrics.EventDropped();
            }
            if (Interlocked.Exchange(ref _overflowing, 1) == 0)
            {
                logger.TopologyEventsDropped(capacity);
            }
        }
    }

    public List<MeshEvent> Take(int max)
    {
        List<MeshEvent> taken = [];
        while (taken.Count < max && _queue.TryDequeue(out var e))
        {
            Interlocked.Decrement(ref _count);
            taken.Add(e);
        }
        if (Count == 0)
        {
            Volatile.Write(ref _overflowing, 0);
        }
        return taken;
    }
}
