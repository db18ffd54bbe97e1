using System.Net;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Timers;

namespace Babelwire.Agent.Babel.Routes;

/// <summary>
/// The route table (RFC 8966 §3.2.6), keyed by prefix and then neighbour. Lookups are O(1); expiry runs from a
/// priority queue with lazy deletion (one live entry per route, deadlines rounded up to the second), so
/// refreshing a route is O(1) and expiring it O(log n). Nothing scans the table per packet or per tick.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<IPNetwork, PrefixEntry> _entries = [];
    private readonly PriorityQueue<Route, TimeSpan> _expiry = new();

    public int PrefixCount => _entries.Count;

    public IEnumerable<PrefixEntry> Entries => _entries.Values;

    public PrefixEntry? Find(IPNetwork prefix) => _entries.GetValueOrDefault(prefix);

    public PrefixEntry GetOrAdd(IPNetwork prefix)
    {
        if (!_entries.TryGetValue(prefix, out var e))
        {
            e = new PrefixEntry(prefix);
            _entries.Add(prefix, e);
        }
        return e;
    }

    public Route Add(PrefixEntry entry, Neighbour neighbour)
    {
        var r = new Route(entry, neighbour);
        entry.Routes.Add(r);
        neighbour.Routes[entry.Prefix] = r;
        return r;
    }

    /// <summary>Removes the route. The entry stays while it is selected or reported; <see cref="Prune"/> drops it after.</summary>
    public void Remove(Route r)
    {
        if (r.Removed)
            return;
        r.Removed = true;
        r.Entry.Routes.Remove(r);
        if (r.Neighbour.Routes.TryGetValue(r.Prefix, out var cur) && cur == r)
            r.Neighbour.Routes.Remove(r.Prefix);
    }

    public void Prune(PrefixEntry entry)
    {
        if (entry.Routes.Count == 0 && entry.Selected is null && entry.Reported is null)
            _entries.Remove(entry.Prefix);
    }

    /// <summary>Makes sure the route's current <see cref="Route.Expiry"/> will be looked at in time.</summary>
    public void ArmExpiry(Route r)
    {
        var at = EngineClock.CeilingToSecond(r.NextDeadline);
        if (r.InQueue && r.QueuedFor <= at)
            return;
        r.QueuedFor = at;
        r.InQueue = true;
        _expiry.Enqueue(r, at);
    }

    /// <summary>Routes whose refresh request or expiry has come, in order; refreshed ones are re-queued.</summary>
    public IEnumerable<Route> DueForExpiry(TimeSpan now)
    {
        while (_expiry.TryPeek(out var r, out var due) && due <= now)
        {
            _expiry.Dequeue();
            if (r.Removed || due != r.QueuedFor)
                continue;
            r.InQueue = false;
            if (r.NextDeadline > now)
            {
                ArmExpiry(r);
                continue;
            }
            yield return r;
        }
    }

    public TimeSpan? NextExpiry
    {
        get
        {
            while (_expiry.TryPeek(out var r, out var due) && (r.Removed || due != r.QueuedFor))
                _expiry.Dequeue();
            return _expiry.TryPeek(out _, out var d) ? d : null;
        }
    }
}
