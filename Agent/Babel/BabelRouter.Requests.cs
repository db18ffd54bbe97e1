using System.Net;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Requests;
using Babelwire.Agent.Babel.Routes;
using Babelwire.Agent.Babel.Timers;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel;

/// <summary>Route Requests and Seqno Requests (RFC 8966 §3.8): answering, forwarding, originating and resending.</summary>
public sealed partial class BabelRouter
{
    /// <summary>A wildcard request is answered with a full dump at most this often per neighbour.</summary>
    private static readonly TimeSpan FullDumpThrottle = TimeSpan.FromSeconds(1);

    /// <summary>babeld ignores requests for its own seqno more than this far ahead.</summary>
    private const int MaxSeqnoJump = 100;

    /// <summary>RFC 8966 §3.8.1.1: answer with the Update (or a retraction); never forward.</summary>
    private void HandleRouteRequest(Neighbour n, RouteRequest rr, TimeSpan now)
    {
        var d = n.Destination;
        if (rr.Prefix is not { } prefix)
        {
            if (d.LastFullDumpRequest is { } last && now - last < FullDumpThrottle)
            {
                Counters.FullDumpRequestsThrottled++;
                return;
            }
            d.LastFullDumpRequest = now;
            d.Updates.Full = true;
        }
        else
        {
            if (Martians.IsMartian(prefix))
            {
                Counters.MartianPrefixesIgnored++;
                return;
            }
            d.Updates.Prefixes.Add(prefix);
        }
        d.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
    }

    /// <summary>RFC 8966 §3.8.1.2.</summary>
    private void HandleSeqnoRequest(Neighbour n, SeqnoRequest sr, TimeSpan now)
    {
        var prefix = sr.Prefix;
        if (Martians.IsMartian(prefix))
        {
            Counters.MartianPrefixesIgnored++;
            return;
        }
        if (_local.Contains(prefix))
        {
            if (sr.RouterId == _options.RouterId && _seqno.IsLessThan(sr.Seqno))
            {
                if ((ushort)(sr.Seqno.Value - _seqno.Value) > MaxSeqnoJump)
                {
                    DropSeqnoRequest(n, prefix, "asks for a seqno too far ahead");
                    return;
                }
                _seqno = _seqno.Plus(1);
                Log.SeqnoRaised(_logger, _seqno, prefix);
                BroadcastPrefix(prefix, now, urgent: true);
                return;
            }
            SendTo(n, prefix, now);
            return;
        }
        var entry = _routes.Find(prefix);
        var selected = entry?.Selected;
        if (entry is null || selected is null)
        {
            DropSeqnoRequest(n, prefix, "no selected route");
            return;
        }
        if (selected.RouterId != sr.RouterId || !selected.Seqno.IsLessThan(sr.Seqno))
        {
            SendTo(n, prefix, now);
            return;
        }
        if (sr.HopCount < 2)
        {
            DropSeqnoRequest(n, prefix, "hop count exhausted");
            return;
        }
        var target = selected.Neighbour != n ? selected.Neighbour : OtherFeasibleNeighbour(entry, n);
        if (target is null)
        {
            DropSeqnoRequest(n, prefix, "the only route is through the requester");
            return;
        }
        if (_requests.Find(prefix, sr.RouterId) is { } pending && !pending.Seqno.IsLessThan(sr.Seqno))
        {
            DropSeqnoRequest(n, prefix, "duplicate");
            return;
        }
        var hop = (byte)(sr.HopCount - 1);
        var forwarded = new PendingSeqnoRequest(prefix, sr.RouterId, sr.Seqno, hop) { Requester = n, Target = target };
        if (!_requests.TryAdd(forwarded, now))
        {
            DropSeqnoRequest(n, prefix, "too many outstanding requests");
            return;
        }
        Counters.SeqnoRequestsForwarded++;
        Log.SeqnoRequestForwarded(_logger, prefix, sr.RouterId, sr.Seqno, target.Address, hop);
        QueueSeqnoRequest(target, new SeqnoRequest(prefix, sr.Seqno, hop, sr.RouterId), now);
    }

    private Neighbour? OtherFeasibleNeighbour(PrefixEntry entry, Neighbour requester)
    {
        Route? best = null;
        foreach (var r in entry.Routes)
        {
            if (r.Neighbour != requester && RouteSelector.IsCandidate(r, _sources) && (best is null || r.Metric < best.Metric))
                best = r;
        }
        return best?.Neighbour;
    }

    private void DropSeqnoRequest(Neighbour n, IPNetwork prefix, string reason)
    {
        Counters.SeqnoRequestsDropped++;
        Log.SeqnoRequestDropped(_logger, prefix, n.Address, reason);
    }

    /// <summary>
    /// RFC 8966 §3.8.2.1: the selected route was lost and no feasible route is left; ask the source for a newer
    /// seqno (FD seqno + 1), through the best unfeasible route's neighbour, or everyone if there is none.
    /// </summary>
    private void RequestAfterStarvation(PrefixEntry entry, SelectedRouteChange lost, TimeSpan now)
    {
        var fd = _sources.Find(entry.Prefix, lost.Source);
        if (fd is null)
            return;
        var seqno = fd.Metric == Metric.Infinity ? fd.Seqno : fd.Seqno.Plus(1);
        var target = RouteSelector.BestUnfeasible(entry, _sources)?.Neighbour;
        SendSeqnoRequest(entry.Prefix, fd.RouterId, seqno, _options.SeqnoRequestHopCount, target, requester: null, now);
    }

    private void SendSeqnoRequest(IPNetwork prefix, RouterId routerId, SeqNo seqno, byte hopCount, Neighbour? target, Neighbour? requester, TimeSpan now)
    {
        if (_requests.Find(prefix, routerId) is { } pending && !pending.Seqno.IsLessThan(seqno))
            return;
        var request = new PendingSeqnoRequest(prefix, routerId, seqno, hopCount) { Target = target, Requester = requester };
        if (!_requests.TryAdd(request, now))
            return;
        TransmitSeqnoRequest(request, now);
    }

    private void TransmitSeqnoRequest(PendingSeqnoRequest p, TimeSpan now)
    {
        var tlv = new SeqnoRequest(p.Prefix, p.Seqno, p.HopCount, p.RouterId);
        if (p.Target is { Removed: false } target)
        {
            Log.SeqnoRequestSent(_logger, p.Prefix, p.RouterId, p.Seqno, target.ToString());
            QueueSeqnoRequest(target, tlv, now);
            return;
        }
        if (p.Requester is not null)
            return;
        Log.SeqnoRequestSent(_logger, p.Prefix, p.RouterId, p.Seqno, "all neighbours");
        foreach (var iface in _interfaces.Values)
        {
            foreach (var d in iface.BroadcastTargets)
            {
                d.Control.Add(tlv);
                d.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
            }
        }
    }

    private void QueueSeqnoRequest(Neighbour target, SeqnoRequest tlv, TimeSpan now)
    {
        target.Destination.Control.Add(tlv);
        target.Destination.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
    }

    private void ResendRequests(TimeSpan now)
    {
        foreach (var p in _requests.DueResends(now))
            TransmitSeqnoRequest(p, now);
    }
}
