using System.Net;

namespace Babelwire.Agent.Babel.Requests;

/// <summary>
/// Outstanding Seqno Requests by (prefix, router-id): duplicate suppression and resends (RFC 8966 §3.8.2,
/// Appendix B: 2 s, doubling, at most 3 resends). Resends come from a priority queue with lazy deletion.
/// Bounded in size so a flood of requests cannot grow it without end.
/// </summary>
internal sealed class SeqnoRequestTable
{
    public const int Capacity = 16_384;
    public const int MaxResends = 3;
    public static readonly TimeSpan InitialTimeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<(IPNetwork, RouterId), PendingSeqnoRequest> _pending = [];
    private readonly PriorityQueue<PendingSeqnoRequest, TimeSpan> _resends = new();

    public int Count => _pending.Count;

    public PendingSeqnoRequest? Find(IPNetwork prefix, RouterId routerId) => _pending.GetValueOrDefault((prefix, routerId));

    public bool TryAdd(PendingSeqnoRequest request, TimeSpan now)
    {
        if (_pending.Count >= Capacity)
            return false;
        Remove(request.Prefix, request.RouterId);
        request.FirstSent = now;
        request.NextResend = now + InitialTimeout;
        _pending[(request.Prefix, request.RouterId)] = request;
        _resends.Enqueue(request, request.NextResend);
        return true;
    }

    public void Remove(IPNetwork prefix, RouterId routerId)
    {
        if (_pending.Remove((prefix, routerId), out var old))
            old.Removed = true;
    }

    /// <summary>Answered: a route from that router-id with at least that seqno arrived.</summary>
    public bool Satisfy(IPNetwork prefix, RouterId routerId, SeqNo seqno)
    {
        if (_pending.TryGetValue((prefix, routerId), out var p) && !seqno.IsLessThan(p.Seqno))
        {
            Remove(prefix, routerId);
            return true;
        }
        return false;
    }

    /// <summary>Requests due for a resend (re-queued with a doubled timeout) or dropped after the last one.</summary>
    public List<PendingSeqnoRequest> DueResends(TimeSpan now)
    {
        var due = new List<PendingSeqnoRequest>();
        while (_resends.TryPeek(out var p, out var at) && at <= now)
        {
            _resends.Dequeue();
            if (p.Removed || at != p.NextResend)
                continue;
            if (p.Resends >= MaxResends)
            {
                Remove(p.Prefix, p.RouterId);
                continue;
            }
            p.Resends++;
            p.NextResend = now + (InitialTimeout * (1 << p.Resends));
            _resends.Enqueue(p, p.NextResend);
            due.Add(p);
        }
        return due;
    }

    public TimeSpan? NextDue
    {
        get
        {
            while (_resends.TryPeek(out var p, out var at) && (p.Removed || at != p.NextResend))
                _resends.Dequeue();
            return _resends.TryPeek(out _, out var d) ? d : null;
        }
    }
}
