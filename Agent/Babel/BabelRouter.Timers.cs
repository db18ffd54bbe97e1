using Babelwire.Agent.Babel.Interfaces;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Timers;

namespace Babelwire.Agent.Babel;

/// <summary>Timers: what <see cref="Poll"/> runs and what <see cref="UntilNextDue"/> reports.</summary>
public sealed partial class BabelRouter
{
    /// <summary>Reported when nothing at all is scheduled.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromHours(1);

    /// <summary>Runs every timer that is due and flushes due buffers.</summary>
    public void Poll()
    {
        if (_shutdown)
            return;
        var now = Now();
        foreach (var iface in _interfaces.Values)
            RunNeighbourTimers(iface, now);
        ExpireRoutes(now);
        ReleaseHeld(now);
        var collected = _sources.Collect(now);
        if (collected > 0)
            Log.SourcesCollected(_logger, collected);
        ResendRequests(now);
        foreach (var prefix in _retractions.Due(now))
        {
            if (!_local.Contains(prefix) && _routes.Find(prefix)?.Selected is null)
                BroadcastPrefix(prefix, now, urgent: true);
        }
        foreach (var iface in _interfaces.Values)
        {
            if (iface.NextHello <= now)
            {
                SendHelloRound(iface, now);
                iface.NextHello = now + Jitter.Roughly(_random, iface.Config.EffectiveHelloInterval);
            }
            if (iface.NextUpdate <= now)
            {
                // RFC 8966 §3.7.1: periodic full dump.
                iface.Broadcast.Full = true;
                iface.ScheduleBroadcast(now);
                iface.NextUpdate = now + Jitter.Roughly(_random, iface.Config.EffectiveUpdateInterval);
            }
            FlushInterface(iface, now);
        }
    }

    /// <summary>How long until <see cref="Poll"/> has work to do.</summary>
    public TimeSpan UntilNextDue()
    {
        var now = Now();
        var due = now + IdleWait;
        if (_shutdown)
            return IdleWait;
        foreach (var iface in _interfaces.Values)
        {
            due = EngineClock.Min(due, iface.NextHello);
            due = EngineClock.Min(due, iface.NextUpdate);
            due = EngineClock.Min(due, iface.BroadcastDue);
            if (iface.Multicast is { } m)
                due = DestinationDue(due, m);
            foreach (var n in iface.Neighbours.Values)
            {
                due = DestinationDue(due, n.Destination);
                due = EngineClock.Min(due, n.MulticastHellos.TimerDue);
                due = EngineClock.Min(due, n.UnicastHellos.TimerDue);
                due = EngineClock.Min(due, n.IhuExpiry);
                due = EngineClock.Min(due, n.MulticastHellos.StaleAt);
                due = EngineClock.Min(due, n.UnicastHellos.StaleAt);
            }
        }
        due = EngineClock.Min(due, _routes.NextExpiry);
        due = EngineClock.Min(due, NextHeldRelease());
        due = EngineClock.Min(due, _sources.NextDue);
        due = EngineClock.Min(due, _requests.NextDue);
        due = EngineClock.Min(due, _retractions.NextDue);
        return due > now ? due - now : TimeSpan.Zero;
    }

    private static TimeSpan DestinationDue(TimeSpan due, Transmit.Destination d)
    {
        due = EngineClock.Min(due, d.FlushDue);
        return d.PacedCount > 0 ? EngineClock.Min(due, d.NextPacedSend) : due;
    }

    private void RunNeighbourTimers(InterfaceState iface, TimeSpan now)
    {
        List<Neighbour>? silent = null;
        foreach (var n in iface.Neighbours.Values)
        {
            var changed = false;
            if (n.MulticastHellos.TimerDue is { } m && m <= now)
            {
                n.MulticastHellos.Miss(now);
                changed = true;
            }
            if (n.UnicastHellos.TimerDue is { } u && u <= now)
            {
                n.UnicastHellos.Miss(now);
                changed = true;
            }
            if (n.MulticastHellos.StaleAt is { } ms && ms <= now)
            {
                n.MulticastHellos.Clear();
                changed = true;
            }
            if (n.UnicastHellos.StaleAt is { } us && us <= now)
            {
                n.UnicastHellos.Clear();
                changed = true;
            }
            if (n.IhuExpiry is { } ihu && ihu <= now)
            {
                n.TxCost = Metric.Infinity;
                n.IhuExpiry = null;
                changed = true;
            }
            if (changed)
                RefreshCost(n, now);
            if (!n.Given && n.MulticastHellos.Reach == 0 && n.UnicastHellos.Reach == 0 && n.IhuExpiry is null
                && n.MulticastHellos.TimerDue is null && n.UnicastHellos.TimerDue is null)
            {
                (silent ??= []).Add(n);
            }
        }
        if (silent is null)
            return;
        foreach (var n in silent)
            FlushNeighbour(n, now);
    }
}
