using System.Net;
using Babelwire.Agent.Babel.Interfaces;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Routes;
using Babelwire.Agent.Babel.Timers;
using Babelwire.Agent.Babel.Transmit;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel;

/// <summary>
/// Building and sending Updates (RFC 8966 §3.7): buffering, split horizon per neighbour, FD maintenance, packing
/// into datagrams of at most MTU − 48 octets and pacing them.
/// </summary>
public sealed partial class BabelRouter
{
    /// <summary>Triggered update for one prefix on every interface; buffered (half a Hello interval) or urgent.</summary>
    private void BroadcastPrefix(IPNetwork prefix, TimeSpan now, bool urgent)
    {
        foreach (var iface in _interfaces.Values)
        {
            iface.Broadcast.Prefixes.Add(prefix);
            iface.ScheduleBroadcast(now + FlushDelay(iface, urgent));
        }
    }

    /// <summary>An Update for one prefix to one neighbour, urgently (answers to requests).</summary>
    private void SendTo(Neighbour n, IPNetwork prefix, TimeSpan now)
    {
        n.Destination.Updates.Prefixes.Add(prefix);
        n.Destination.ScheduleFlush(now + FlushDelay(n.Interface, urgent: true));
    }

    private TimeSpan FlushDelay(InterfaceState iface, bool urgent)
        => urgent
            ? Jitter.Roughly(_random, _options.UrgentDelay)
            // RFC 8966 §3.1: buffered TLVs leave within half a Hello interval; babeld flushes within ~Hello/4.
            : Jitter.Roughly(_random, iface.Config.EffectiveHelloInterval / 4);

    private void FlushInterface(InterfaceState iface, TimeSpan now)
    {
        if (iface.BroadcastDue is { } due && due <= now)
        {
            iface.BroadcastDue = null;
            foreach (var target in iface.BroadcastTargets)
            {
                iface.Broadcast.MergeInto(target.Updates, includeFull: target.Neighbour?.IsHeard ?? true);
                if (target.HasBuffered)
                    target.ScheduleFlush(now);
            }
            iface.Broadcast.Clear();
        }
        foreach (var d in iface.AllDestinations)
        {
            if (d.FlushDue is { } at && at <= now)
                FlushDestination(d, now);
            Pace(d, now);
        }
    }

    private void FlushDestination(Destination d, TimeSpan now)
    {
        d.FlushDue = null;
        var tlvs = new List<Tlv>(d.Control.Count + d.Updates.Prefixes.Count);
        tlvs.AddRange(d.Control);
        d.Control.Clear();
        BuildUpdates(d, tlvs, now);
        d.Updates.Clear();
        Emit(d, tlvs, paced: true);
    }

    private void BuildUpdates(Destination d, List<Tlv> into, TimeSpan now)
    {
        var batch = d.Updates;
        if (batch.IsEmpty)
            return;
        var interval = d.Interface.Config.EffectiveUpdateInterval;
        if (!batch.Full)
        {
            foreach (var prefix in batch.Prefixes)
                into.Add(AdvertisementFor(prefix, d, interval, now));
            return;
        }
        foreach (var (prefix, metric) in _local.All)
            into.Add(new Update(prefix, _options.RouterId, _seqno, metric, interval));
        foreach (var entry in _routes.Entries)
        {
            if (entry.Selected is { } s && !IsSplitHorizon(d, s))
                into.Add(Advertise(s, interval, now));
        }
        // Pending retractions are not part of a dump of what we have: send them too.
        foreach (var prefix in batch.Prefixes)
        {
            if (!_local.Contains(prefix) && _routes.Find(prefix)?.Selected is null)
                into.Add(Retraction(prefix, interval));
        }
    }

    /// <summary>
    /// RFC 8966 §3.7.4, per neighbour only (docs/babel-notes.md §5: a multi-peer WireGuard link is not transitive): a route
    /// through a neighbour is not offered back to it; triggered updates poison it instead so its old entry goes.
    /// </summary>
    private static bool IsSplitHorizon(Destination d, Route selected) => d.Neighbour is { } n && selected.Neighbour == n;

    private Update AdvertisementFor(IPNetwork prefix, Destination d, TimeSpan interval, TimeSpan now)
    {
        if (_local.TryGetMetric(prefix, out var metric))
            return new Update(prefix, _options.RouterId, _seqno, metric, interval);
        if (_routes.Find(prefix)?.Selected is { } s && !IsSplitHorizon(d, s))
            return Advertise(s, interval, now);
        return Retraction(prefix, interval);
    }

    /// <summary>Advertising a finite route lowers or refreshes its feasibility distance (RFC 8966 §3.7.3).</summary>
    private Update Advertise(Route s, TimeSpan interval, TimeSpan now)
    {
        var metric = s.Metric;
        _sources.Advertised(s.Prefix, s.RouterId, s.Seqno, metric, now);
        return new Update(s.Prefix, s.RouterId, s.Seqno, metric, interval);
    }

    private Update Retraction(IPNetwork prefix, TimeSpan interval)
        => new(prefix, _options.RouterId, _seqno, Metric.Infinity, interval);

    /// <summary>Packs TLVs into datagrams; paced ones queue behind the destination's rate, the others leave now.</summary>
    private void Emit(Destination d, List<Tlv> tlvs, bool paced)
    {
        if (tlvs.Count == 0)
            return;
        SentLog?.Add(new SentTlvs(d.Interface.Config.Name, d.Address, tlvs.ToArray(), paced));
        var datagrams = PacketWriter.Pack(tlvs, d.Interface.MaxDatagramSize);
        Log.PacketSent(_logger, tlvs.Count, datagrams.Count, d.Address, d.Interface.Config.Name);
        foreach (var datagram in datagrams)
        {
            if (!paced)
                _outgoing.Add(new OutgoingDatagram(d.Interface.Config.Name, d.Address, datagram));
            else if (datagrams.Count == 1)
                d.PacedFirst.Enqueue(datagram);
            else
                d.Paced.Enqueue(datagram);
        }
    }

    /// <summary>Sends queued datagrams at <see cref="BabelRouterOptions.PacedDatagramsPerSecond"/>, after a burst of <see cref="Destination.Burst"/>.</summary>
    private void Pace(Destination d, TimeSpan now)
    {
        var gap = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / _options.PacedDatagramsPerSecond);
        while (d.PacedCount > 0 && d.NextPacedSend <= now)
        {
            var datagram = d.PacedFirst.Count > 0 ? d.PacedFirst.Dequeue() : d.Paced.Dequeue();
            _outgoing.Add(new OutgoingDatagram(d.Interface.Config.Name, d.Address, datagram));
            var floor = now - (gap * Destination.Burst);
            d.NextPacedSend = (d.NextPacedSend > floor ? d.NextPacedSend : floor) + gap;
        }
    }

    /// <summary>
    /// One Hello round (RFC 8966 §3.4.1, docs/babel-notes.md §4): a U=0 Hello with the interface-wide seqno and an RFC 9616
    /// timestamp, with the IHUs in the same packet. Multicast interfaces send it once to ff02::1:6; unicast-only
    /// interfaces send the same Hello by unicast to each neighbour, with that neighbour's IHU.
    /// </summary>
    private void SendHelloRound(InterfaceState iface, TimeSpan now)
    {
        var seqno = iface.HelloSeqno;
        iface.HelloSeqno = seqno.Plus(1);
        iface.HelloSent = true;
        var hello = new Hello(false, seqno, iface.Config.EffectiveHelloInterval, EngineClock.Microseconds(now));
        if (iface.Multicast is { } group)
        {
            var tlvs = new List<Tlv>(1 + iface.Neighbours.Count) { hello };
            foreach (var n in iface.Neighbours.Values)
                tlvs.Add(MakeIhu(n, now, withTimestamp: true));
            Emit(group, tlvs, paced: false);
            return;
        }
        foreach (var n in iface.Neighbours.Values)
            Emit(n.Destination, [hello, MakeIhu(n, now, withTimestamp: true)], paced: false);
    }
}
