using System.Net;
using Babelwire.Agent.Babel.Timers;

namespace Babelwire.Agent.Babel.Sources;

/// <summary>
/// The source table (RFC 8966 §3.2.5): feasibility distances, updated only when this node advertises (§3.7.3),
/// collected after <see cref="BabelRouterOptions.SourceGcTime"/> unused. Expiry uses a priority queue with lazy
/// deletion, so both advertising and collecting are O(log n).
/// </summary>
internal sealed class SourceTable(TimeSpan gcTime)
{
    private readonly Dictionary<(IPNetwork, RouterId), Source> _sources = [];
    private readonly PriorityQueue<Source, TimeSpan> _gc = new();

    public int Count => _sources.Count;

    public Source? Find(IPNetwork prefix, RouterId routerId) => _sources.GetValueOrDefault((prefix, routerId));

    public bool IsFeasible(IPNetwork prefix, RouterId routerId, SeqNo seqno, ushort metric)
        => Feasibility.IsFeasible(seqno, metric, Find(prefix, routerId));

    /// <summary>RFC 8966 §3.7.3: this node advertises (seqno, metric); lower or refresh the FD.</summary>
    public void Advertised(IPNetwork prefix, RouterId routerId, SeqNo seqno, ushort metric, TimeSpan now)
    {
        if (metric == Metric.Infinity)
            return;
        if (!_sources.TryGetValue((prefix, routerId), out var s))
        {
            s = new Source(prefix, routerId, seqno, metric, now);
            _sources.Add((prefix, routerId), s);
            Enqueue(s, now + gcTime);
            return;
        }
        if (s.Seqno.IsLessThan(seqno) || (s.Seqno == seqno && metric < s.Metric))
        {
            s.Seqno = seqno;
            s.Metric = metric;
        }
        s.LastUsed = now;
    }

    /// <summary>Removes sources unused for the GC time. Returns how many went.</summary>
    public int Collect(TimeSpan now)
    {
        var collected = 0;
        while (_gc.TryPeek(out var s, out var due) && due <= now)
        {
            _gc.Dequeue();
            if (s.Removed || due != s.QueuedFor)
                continue;
            var expiry = s.LastUsed + gcTime;
            if (expiry > now)
            {
                Enqueue(s, expiry);
                continue;
            }
            s.Removed = true;
            _sources.Remove((s.Prefix, s.RouterId));
            collected++;
        }
        return collected;
    }

    public TimeSpan? NextDue => _gc.TryPeek(out _, out var due) ? due : null;

    public IEnumerable<Source> All => _sources.Values;

    private void Enqueue(Source s, TimeSpan due)
    {
        var at = EngineClock.CeilingToSecond(due);
        s.QueuedFor = at;
        _gc.Enqueue(s, at);
    }
}
