using System.Net;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Timers;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel;

/// <summary>Receipt of decoded TLVs: Hellos, IHUs, Updates and requests from one neighbour (RFC 8966 §3.4-§3.8).</summary>
public sealed partial class BabelRouter
{
    private void ReceiveTlvs(string ifaceName, IPAddress source, IReadOnlyList<Tlv> tlvs, TimeSpan now)
    {
        if (_shutdown)
            return;
        Counters.PacketsReceived++;
        source = Martians.WithoutScope(source);
        if (!Martians.IsLinkLocal64(source))
        {
            Counters.PacketsFromNonLinkLocal++;
            Log.PacketDropped(_logger, source, ifaceName, "source not in fe80::/64");
            return;
        }
        if (!_interfaces.TryGetValue(ifaceName, out var iface))
        {
            Counters.PacketsOnUnknownInterface++;
            Log.PacketDropped(_logger, source, ifaceName, "interface not running Babel");
            return;
        }
        if (source.Equals(iface.Config.LinkLocal))
            return;
        if (!iface.Neighbours.TryGetValue(source, out var n))
        {
            if (iface.Config.Kind == InterfaceKind.UnicastOnly)
            {
                Counters.PacketsFromUnknownNeighbour++;
                Log.PacketDropped(_logger, source, ifaceName, "not a configured neighbour");
                return;
            }
            n = CreateNeighbour(iface, source, given: false, now);
        }
        Log.PacketReceived(_logger, tlvs.Count, source, ifaceName);

        // RFC 9616: an IHU's timestamp pairs with the timestamped Hello of the same packet (t3), whatever their order.
        uint? helloTimestamp = null;
        foreach (var tlv in tlvs)
        {
            if (tlv is Hello { Timestamp: { } ts })
            {
                helloTimestamp = ts;
                break;
            }
        }
        var arrival = EngineClock.Microseconds(now);

        foreach (var tlv in tlvs)
        {
            if (n.Removed)
                break;
            switch (tlv)
            {
                case Hello h:
                    HandleHello(n, h, now);
                    break;
                case Ihu ihu:
                    HandleIhu(n, ihu, helloTimestamp, arrival, now);
                    break;
                case Update u:
                    HandleUpdate(n, u, now);
                    break;
                case WildcardRetraction:
                    HandleWildcardRetraction(n, now);
                    break;
                case RouteRequest rr:
                    HandleRouteRequest(n, rr, now);
                    break;
                case SeqnoRequest sr:
                    HandleSeqnoRequest(n, sr, now);
                    break;
                case AckRequest ar:
                    n.Destination.Control.Add(new Ack(ar.Opaque));
                    n.Destination.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
                    break;
                default:
                    break;
            }
        }
        if (!n.Removed)
            RefreshCost(n, now);
    }

    private void HandleHello(Neighbour n, Hello h, TimeSpan now)
    {
        var history = h.IsUnicast ? n.UnicastHellos : n.MulticastHellos;
        if (history.Receive(h.Seqno, h.Interval, now))
            Log.NeighbourRebooted(_logger, n.Address, n.Interface.Config.Name);
        if (h.Timestamp is { } ts)
        {
            n.HelloOrigin = ts;
            n.HelloReceivedMicroseconds = EngineClock.Microseconds(now);
            n.HelloReceivedAt = now;
        }
    }

    private void HandleIhu(Neighbour n, Ihu ihu, uint? helloTimestamp, uint arrival, TimeSpan now)
    {
        // RFC 8966 §4.6.6: the address is the receiver's; AE 0 means whoever receives it.
        if (ihu.Address is { } a && !Martians.WithoutScope(a).Equals(n.Interface.Config.LinkLocal))
        {
            Counters.IhusForOthers++;
            return;
        }
        n.TxCost = ihu.RxCost;
        var interval = ihu.Interval > TimeSpan.Zero ? ihu.Interval : 3 * n.Interface.Config.EffectiveHelloInterval;
        // RFC 8966 §3.4.2: hold 3.5 × the advertised IHU interval.
        n.IhuExpiry = now + (interval * 3.5);
        if (ihu.Timestamp is { } echo && helloTimestamp is { } t3
            && RttEstimator.Sample(echo.Origin, echo.Received, t3, arrival) is { } sample)
        {
            n.Rtt.Add(sample, now, _options.RttValidity, _options.RttDecay);
        }
    }

    /// <summary>Recomputes the link cost; when it changes, every route through the neighbour is reconsidered.</summary>
    private void RefreshCost(Neighbour n, TimeSpan now)
    {
        var cost = ComputeCost(n, now);
        if (n.Interface.Config.EffectiveSymmetricCost && n.LastIhuRxCost is { } sent && sent != n.AdvertisedRxCost)
        {
            // Our figure of the agreed cost moved: tell the neighbour now, not at the next Hello, so that both ends
            // compute the same cost again within one transit time.
            Emit(n.Destination, [MakeIhu(n, now, withTimestamp: false)], paced: false);
        }
        var costs = (n.RxCost, n.TxCost, cost);
        if (costs != n.LastCosts)
        {
            n.LastCosts = costs;
            TopologyVersion++;
        }
        if (cost == n.Cost)
            return;
        var wasUp = n.Cost != Metric.Infinity;
        n.Cost = cost;
        if (!wasUp)
        {
            Log.NeighbourUp(_logger, n.Address, n.Interface.Config.Name, cost);
            // A neighbour that just came up gets our table now, not at the next periodic dump.
            n.Destination.Updates.Full = true;
            n.Destination.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
        }
        else if (cost == Metric.Infinity)
        {
            Log.NeighbourDown(_logger, n.Address, n.Interface.Config.Name);
        }
        foreach (var r in n.Routes.Values)
            Reselect(r.Entry, now, urgent: false);
    }

    private ushort ComputeCost(Neighbour n, TimeSpan now)
    {
        var config = n.Interface.Config;
        if (config.EffectiveSymmetricCost)
        {
            n.AppliedRttPenalty = config.RttCost ? NextRttPenalty(n, now, _options.RttPenaltyQuantum) : (ushort)0;
            return LinkCost.Agreed(n.AdvertisedRxCost, n.TxCost, n.Perturbation);
        }
        // A zero cost would make a route through this neighbour equal to our own FD, hence unfeasible.
        var cost = Math.Max((ushort)1, LinkCost.Combine(n.RxCost, n.TxCost, config.CostKind));
        if (cost == Metric.Infinity || !config.RttCost)
            return cost;
        n.AppliedRttPenalty = NextRttPenalty(n, now, quantum: 1);
        return Metric.Add(cost, n.AppliedRttPenalty);
    }

    /// <summary>
    /// The RTT penalty to apply now. Every IHU brings an RTT sample; moving every route through the neighbour for a
    /// few units of jitter would churn the whole table, so small changes of the penalty are held back.
    /// </summary>
    private ushort NextRttPenalty(Neighbour n, TimeSpan now, ushort quantum)
    {
        var penalty = n.Rtt.Current(now, _options.RttValidity) is { } rtt
            ? LinkCost.RttPenalty(rtt, _options.RttMin, _options.RttMax, _options.MaxRttPenalty)
            : (ushort)0;
        if (Math.Abs(penalty - n.AppliedRttPenalty) >= _options.RttPenaltyHysteresis || penalty == 0 || penalty == _options.MaxRttPenalty)
            return LinkCost.Quantise(penalty, quantum, _options.MaxRttPenalty);
        return n.AppliedRttPenalty;
    }

    private Ihu MakeIhu(Neighbour n, TimeSpan now, bool withTimestamp)
    {
        IhuTimestamp? echo = withTimestamp && n.HelloOrigin is { } origin && now - n.HelloReceivedAt < TimeSpan.FromSeconds(600)
            ? new IhuTimestamp(origin, n.HelloReceivedMicroseconds)
            : null;
        n.LastIhuRxCost = n.AdvertisedRxCost;
        // RFC 8966 §3.4.2 / Appendix B: advertised IHU interval 3 × the Hello interval (we send one with every Hello).
        return new Ihu(n.AdvertisedRxCost, 3 * n.Interface.Config.EffectiveHelloInterval, n.Address, echo);
    }
}
