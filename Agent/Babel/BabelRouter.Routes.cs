using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Routes;
using Babelwire.Agent.Babel.Timers;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel;

/// <summary>Update receipt, route expiry and route selection (RFC 8966 §3.5, §3.6).</summary>
public sealed partial class BabelRouter
{
    /// <summary>A selected route whose metric grows by this much is announced urgently (babeld's threshold).</summary>
    private const int MuchWorse = 512;

    private void HandleUpdate(Neighbour n, Update u, TimeSpan now)
    {
        if (Martians.IsMartian(u.Prefix))
        {
            Counters.MartianPrefixesIgnored++;
            Log.TlvIgnored(_logger, n.Address, n.Interface.Config.Name, "martian prefix");
            return;
        }
        var existing = n.Routes.GetValueOrDefault(u.Prefix);
        if (u.IsRetraction)
        {
            if (existing is not null && existing.AdvertisedMetric != Metric.Infinity)
                Retract(existing, now);
            return;
        }
        if (u.RouterId == _options.RouterId)
        {
            // Our own route echoed back (babeld ignores these too).
            Counters.OwnRouterIdUpdatesIgnored++;
            return;
        }
        if (u.Metric == 0)
            n.RouterId = u.RouterId;
        var entry = existing?.Entry ?? _routes.GetOrAdd(u.Prefix);
        var fd = _sources.Find(u.Prefix, u.RouterId);
        var feasible = Sources.Feasibility.IsFeasible(u.Seqno, u.Metric, fd);
        if (!feasible)
        {
            Counters.UnfeasibleUpdates++;
            Log.UnfeasibleUpdate(_logger, u.Prefix, n.Address, u.Seqno, u.Metric);
            var selected = entry.Selected;
            var candidateMetric = Metric.Add(u.Metric, n.Cost);
            if (fd is not null && candidateMetric != Metric.Infinity
                && (selected is null || candidateMetric + _options.UnfeasibleRequestThreshold <= selected.Metric
                    || (selected == existing && selected.RouterId == u.RouterId)))
            {
                // RFC 8966 §3.8.2.2: ask the source for a newer seqno that will make this route feasible.
                SendSeqnoRequest(u.Prefix, u.RouterId, fd.Seqno.Plus(1), _options.SeqnoRequestHopCount, n, requester: null, now);
            }
            if (selected is not null && selected == existing && selected.RouterId == u.RouterId)
            {
                // RFC 8966 §3.5.3: an unfeasible update for the selected route from the same source may be ignored.
                return;
            }
        }
        var route = existing ?? _routes.Add(entry, n);
        var seqnoChanged = route.Seqno != u.Seqno || route.RouterId != u.RouterId;
        route.RouterId = u.RouterId;
        route.Seqno = u.Seqno;
        route.AdvertisedMetric = u.Metric;
        route.Interval = u.Interval > TimeSpan.Zero ? u.Interval : n.Interface.Config.EffectiveUpdateInterval;
        // On a unicast-only (WireGuard) interface the next hop is the peer itself, whatever Next Hop TLV it sent
        // (babeld sends AE 1 with its IPv4 address): the host maps next hops to peers by link-local.
        route.NextHop = u.NextHop is { } nh && n.Interface.Config.Kind == InterfaceKind.Multicast ? Martians.WithoutScope(nh) : n.Address;
        // RFC 8966 §3.5.3, Appendix B: expiry at 3.5 × the advertised update interval.
        route.Expiry = now + (route.Interval * 3.5);
        route.RefreshRequested = false;
        _routes.ArmExpiry(route);
        var answered = feasible && _requests.Satisfy(u.Prefix, u.RouterId, u.Seqno);
        Reselect(entry, now, urgent: answered, refreshed: seqnoChanged ? route : null);
        _routes.Prune(entry);
    }

    private void HandleWildcardRetraction(Neighbour n, TimeSpan now)
    {
        foreach (var r in n.Routes.Values.ToList())
        {
            if (r.AdvertisedMetric != Metric.Infinity)
                Retract(r, now);
        }
    }

    /// <summary>The route becomes a retraction (infinite metric) and is flushed after another hold time.</summary>
    private void Retract(Route r, TimeSpan now)
    {
        r.AdvertisedMetric = Metric.Infinity;
        r.Expiry = now + (r.Interval * 3.5);
        r.RefreshRequested = true;
        _routes.ArmExpiry(r);
        Reselect(r.Entry, now, urgent: false);
    }

    private void ExpireRoutes(TimeSpan now)
    {
        foreach (var r in _routes.DueForExpiry(now))
        {
            if (r.Expiry > now)
            {
                r.RefreshRequested = true;
                if (r.Entry.Selected == r)
                {
                    r.Neighbour.Destination.Control.Add(new RouteRequest(r.Prefix));
                    r.Neighbour.Destination.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
                }
                _routes.ArmExpiry(r);
            }
            else if (r.AdvertisedMetric != Metric.Infinity)
            {
                Counters.RoutesExpired++;
                Log.RouteExpired(_logger, r.Prefix, r.Neighbour.Address);
                Retract(r, now);
            }
            else
            {
                _routes.Remove(r);
                Reselect(r.Entry, now, urgent: false);
                _routes.Prune(r.Entry);
            }
        }
    }

    /// <summary>
    /// Hysteresis may keep an incumbent that is not the best route for at most IncumbentHoldTime; then the best route
    /// wins. Each node would otherwise keep whichever route it happened to learn first, and two ends of a path that
    /// learned in different orders would stay on different paths (docs/babel-notes.md §5).
    /// </summary>
    private Route? BoundHysteresis(PrefixEntry entry, Route? selected, Route? best, TimeSpan now)
    {
        if (selected == best)
        {
            entry.HeldSince = null;
            _held.Remove(entry);
            return selected;
        }
        if (entry.HeldSince is { } since && now - since >= _options.IncumbentHoldTime)
        {
            entry.HeldSince = null;
            _held.Remove(entry);
            return best;
        }
        entry.HeldSince ??= now;
        _held.Add(entry);
        return selected;
    }

    /// <summary>Reselects the prefixes whose incumbent has been held for IncumbentHoldTime.</summary>
    private void ReleaseHeld(TimeSpan now)
    {
        if (_held.Count == 0)
            return;
        List<PrefixEntry>? due = null;
        foreach (var entry in _held)
        {
            if (entry.HeldSince is not { } since || now - since >= _options.IncumbentHoldTime)
                (due ??= []).Add(entry);
        }
        if (due is null)
            return;
        foreach (var entry in due)
        {
            _held.Remove(entry);
            if (_routes.Find(entry.Prefix) != entry)
                continue;
            Reselect(entry, now, urgent: false);
            _routes.Prune(entry);
        }
    }

    /// <summary>When the earliest held incumbent is released.</summary>
    private TimeSpan? NextHeldRelease()
    {
        TimeSpan? due = null;
        foreach (var entry in _held)
        {
            if (entry.HeldSince is { } since)
                due = EngineClock.Min(due ?? TimeSpan.MaxValue, EngineClock.CeilingToSecond(since + _options.IncumbentHoldTime));
        }
        return due;
    }

    /// <summary>
    /// Runs route selection for one prefix and turns any change into a route-change event and triggered updates
    /// (RFC 8966 §3.7.2): a new source or a lost route is urgent, a lost route is retracted repeatedly and starts
    /// starvation recovery (§3.8.2.1).
    /// </summary>
    private void Reselect(PrefixEntry entry, TimeSpan now, bool urgent, Route? refreshed = null)
    {
        var local = _local.Contains(entry.Prefix);
        Route? selected = null;
        if (!local)
            selected = BoundHysteresis(entry, RouteSelector.Select(entry, _sources, _options.SwitchThreshold, out var best), best, now);
        else
            BoundHysteresis(entry, null, null, now);
        var before = entry.Reported;
        entry.Selected = selected;
        if (selected is null)
        {
            if (before is null)
                return;
            entry.Reported = null;
            RecordChange(before with { Kind = RouteChangeKind.Removed });
            if (local)
                return;
            Log.RouteLost(_logger, entry.Prefix);
            BroadcastPrefix(entry.Prefix, now, urgent: true);
            _retractions.Schedule(entry.Prefix, now);
            RequestAfterStarvation(entry, before, now);
            return;
        }
        var after = new SelectedRouteChange(
            RouteChangeKind.Added, entry.Prefix, selected.Neighbour.Interface.Config.Name, selected.NextHop,
            selected.Metric, selected.RouterId);
        if (before is null)
        {
            entry.Reported = after;
            RecordChange(after);
            Log.RouteSelected(_logger, entry.Prefix, selected.NextHop, after.Interface, after.Metric, after.Source);
            BroadcastPrefix(entry.Prefix, now, urgent);
            return;
        }
        var changed = after with { Kind = RouteChangeKind.Changed };
        if (changed == before with { Kind = RouteChangeKind.Changed })
        {
            // Same route, new seqno: pass it on, it may answer someone's Seqno Request.
            if (refreshed == selected)
                BroadcastPrefix(entry.Prefix, now, urgent);
            return;
        }
        entry.Reported = changed;
        RecordChange(changed);
        if (before.Source != changed.Source || !before.NextHop.Equals(changed.NextHop))
            Log.RouteSelected(_logger, entry.Prefix, selected.NextHop, changed.Interface, changed.Metric, changed.Source);
        // babeld: a new source, or a route that got much worse, is urgent (neighbours may loop through a stale metric).
        var muchWorse = changed.Metric >= before.Metric + MuchWorse;
        BroadcastPrefix(entry.Prefix, now, urgent || before.Source != changed.Source || muchWorse);
    }
}
