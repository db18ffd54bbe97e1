using System.Net;
using Babelwire.Agent.Babel.Announcements;
using Babelwire.Agent.Babel.Interfaces;
using Babelwire.Agent.Babel.Neighbours;
using Babelwire.Agent.Babel.Requests;
using Babelwire.Agent.Babel.Routes;
using Babelwire.Agent.Babel.Sources;
using Babelwire.Agent.Babel.Timers;
using Babelwire.Agent.Babel.Transmit;
using Babelwire.Agent.Babel.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.Babel;

/// <summary>
/// The Babel engine (RFC 8966, with RFC 9229 AE 4 and RFC 9616 RTT) for one router. Free of I/O: the host feeds it
/// datagrams and time, and drains the datagrams to send and the selected-route changes. Not thread-safe: exactly
/// one loop owns it. Every entry point reads the clock once from the injected <see cref="TimeProvider"/> and passes
/// that instant down.
/// </summary>
/// <remarks>
/// The host loop: after any call (Receive, Poll, Announce, AddNeighbour, ...) drain <see cref="DrainOutgoing"/> and
/// <see cref="DrainRouteChanges"/>, then wait <see cref="UntilNextDue"/> (or until the next datagram) and call
/// <see cref="Poll"/>. Full-table sends are paced, so while one is in progress the wait is short.
/// </remarks>
public sealed partial class BabelRouter
{
    private readonly BabelRouterOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly long _start;
    private readonly Dictionary<string, InterfaceState> _interfaces = new(StringComparer.Ordinal);
    private readonly RouteTable _routes = new();
    private readonly SourceTable _sources;
    private readonly LocalPrefixes _local = new();
    private readonly SeqnoRequestTable _requests = new();
    private readonly RetractionResends _retractions = new();
    private readonly List<OutgoingDatagram> _outgoing = [];
    private readonly List<SelectedRouteChange> _changes = [];
    private readonly List<Tlv> _received = [];
    private readonly HashSet<PrefixEntry> _held = [];
    private SeqNo _seqno;
    private bool _shutdown;

    /// <summary>0xFFFE centiseconds: the largest interval that fits the wire (0xFFFF means "on request" in an Update).</summary>
    private static readonly TimeSpan MaxWireInterval = TimeSpan.FromMilliseconds(0xFFFE * 10);

    public BabelRouter(BabelRouterOptions options, TimeProvider time, Random random, ILogger<BabelRouter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        if (!options.RouterId.IsValid)
            throw new ArgumentException("The router-id must not be all zeros or all ones (RFC 8966 §4.6.7).", nameof(options));
        if (options.PacedDatagramsPerSecond <= 0)
            throw new ArgumentException("PacedDatagramsPerSecond must be positive.", nameof(options));
        if (options.RttDecay is < 1 or > 256)
            throw new ArgumentException("RttDecay is a weight out of 256: 1 to 256.", nameof(options));
        if (options.RttMin < TimeSpan.Zero || options.RttMax <= options.RttMin)
            throw new ArgumentException("RttMax must be greater than RttMin, and RttMin not negative.", nameof(options));
        if (options.SeqnoRequestHopCount < 2)
            throw new ArgumentException("SeqnoRequestHopCount must be at least 2 for a request to travel.", nameof(options));
        if (options.IncumbentHoldTime <= TimeSpan.Zero || options.RttPenaltyQuantum == 0)
            throw new ArgumentException("IncumbentHoldTime and RttPenaltyQuantum must be positive.", nameof(options));
        if (options.SourceGcTime <= TimeSpan.Zero || options.RttValidity <= TimeSpan.Zero || options.UrgentDelay <= TimeSpan.Zero)
            throw new ArgumentException("SourceGcTime, RttValidity and UrgentDelay must be positive.", nameof(options));
        _options = options;
        _time = time;
        _random = random;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _start = time.GetTimestamp();
        _sources = new SourceTable(options.SourceGcTime);
        _seqno = options.InitialSeqno;
    }

    public RouterId RouterId => _options.RouterId;

    /// <summary>This node's own seqno (RFC 8966 §3.2.2); the host persists it so it never goes backwards.</summary>
    public SeqNo Seqno => _seqno;

    public RouterCounters Counters { get; } = new();

    public DecodeCounters DecodeCounters { get; } = new();

    /// <summary>
    /// Goes up whenever what a map of the mesh shows changes: a neighbour added or flushed, its rxcost, txcost or cost
    /// moved, or a selected route added, changed or removed. RTT samples and Hello arrivals that leave the costs as
    /// they were do not move it. The host compares it after each turn to tell the control plane at once.
    /// </summary>
    public long TopologyVersion { get; private set; }

    /// <summary>Test hook: when set, every flush records the TLVs it handed to the codec.</summary>
    internal List<SentTlvs>? SentLog { get; set; }

    private TimeSpan Now() => _time.GetElapsedTime(_start);

    public void AddInterface(BabelInterface iface)
    {
        ArgumentNullException.ThrowIfNull(iface);
        if (_interfaces.ContainsKey(iface.Name))
            throw new ArgumentException($"Interface {iface.Name} is already running Babel.", nameof(iface));
        if (iface.Mtu - 48 < PacketWriter.MinimumDatagramSize)
            throw new ArgumentException($"MTU {iface.Mtu} of {iface.Name} leaves less than {PacketWriter.MinimumDatagramSize} octets for Babel.", nameof(iface));
        if (iface.EffectiveHelloInterval <= TimeSpan.Zero || iface.EffectiveUpdateInterval <= TimeSpan.Zero)
            throw new ArgumentException($"Intervals of {iface.Name} must be positive.", nameof(iface));
        // On the wire they are 16-bit centiseconds, and the IHU interval is 3 × the Hello interval.
        if (3 * iface.EffectiveHelloInterval > MaxWireInterval || iface.EffectiveUpdateInterval > MaxWireInterval)
            throw new ArgumentException($"Intervals of {iface.Name} must fit 16-bit centiseconds (IHU = 3 × Hello ≤ {MaxWireInterval}).", nameof(iface));
        var now = Now();
        var normalized = iface with { LinkLocal = Martians.WithoutScope(iface.LinkLocal) };
        var state = new InterfaceState(normalized)
        {
            HelloSeqno = new SeqNo((ushort)_random.Next(0x10000)),
            NextHello = now,
            NextUpdate = now + Jitter.Roughly(_random, normalized.EffectiveUpdateInterval),
        };
        _interfaces.Add(iface.Name, state);
        Log.InterfaceAdded(_logger, iface.Name, iface.Kind, normalized.LinkLocal);
    }

    public void RemoveInterface(string name)
    {
        if (!_interfaces.Remove(name, out var iface))
            return;
        var now = Now();
        foreach (var n in iface.Neighbours.Values.ToList())
            FlushNeighbour(n, now);
        Log.InterfaceRemoved(_logger, name);
    }

    /// <summary>For <see cref="InterfaceKind.UnicastOnly"/> interfaces: a neighbour given from outside (a WireGuard peer's link-local).</summary>
    public void AddNeighbour(string iface, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!_interfaces.TryGetValue(iface, out var state))
            throw new ArgumentException($"Interface {iface} is not running Babel.", nameof(iface));
        address = Martians.WithoutScope(address);
        if (!Martians.IsLinkLocal64(address))
            throw new ArgumentException($"Neighbour {address} is not in fe80::/64.", nameof(address));
        if (state.Neighbours.TryGetValue(address, out var existing))
        {
            existing.Given = true;
            return;
        }
        var now = Now();
        var n = CreateNeighbour(state, address, given: true, now);
        if (state.HelloSent)
        {
            // The round already went out to the others; this neighbour gets the same seqno now, so it needn't wait.
            var hello = new Hello(false, state.HelloSeqno.Plus(-1), state.Config.EffectiveHelloInterval, EngineClock.Microseconds(now));
            Emit(n.Destination, [hello, MakeIhu(n, now, withTimestamp: false)], paced: false);
        }
    }

    public void RemoveNeighbour(string iface, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!_interfaces.TryGetValue(iface, out var state)
            || !state.Neighbours.TryGetValue(Martians.WithoutScope(address), out var n))
            return;
        FlushNeighbour(n, Now());
    }

    /// <summary>Originates a route to a local prefix (RFC 8966 §3.7, an xroute in babeld).</summary>
    public void Announce(IPNetwork prefix, ushort metric = 0)
    {
        if (Martians.IsMartian(prefix))
            throw new ArgumentException($"{prefix} is a martian prefix and is never announced.", nameof(prefix));
        if (metric == Metric.Infinity)
            throw new ArgumentOutOfRangeException(nameof(metric), "A local prefix needs a finite metric; use Withdraw to retract it.");
        if (!_local.Set(prefix, metric))
            return;
        var now = Now();
        if (_routes.Find(prefix) is { } entry)
            Reselect(entry, now, urgent: false);
        BroadcastPrefix(prefix, now, urgent: true);
    }

    public void Withdraw(IPNetwork prefix)
    {
        if (!_local.Remove(prefix))
            return;
        var now = Now();
        var entry = _routes.GetOrAdd(prefix);
        Reselect(entry, now, urgent: true);
        _routes.Prune(entry);
        if (entry.Selected is null)
        {
            BroadcastPrefix(prefix, now, urgent: true);
            _retractions.Schedule(prefix, now);
        }
    }

    /// <summary>A datagram arrived on UDP 6696. Never throws on any payload.</summary>
    public void Receive(string iface, IPAddress source, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = Now();
        if (!Martians.IsLinkLocal64(Martians.WithoutScope(source)))
        {
            Counters.PacketsFromNonLinkLocal++;
            Log.PacketDropped(_logger, source, iface, "source not in fe80::/64");
            return;
        }
        if (!PacketReader.TryOpen(datagram, source, DecodeCounters, out var reader, out var reason))
        {
            Counters.PacketsRejected++;
            Log.PacketDropped(_logger, source, iface, reason.ToString());
            return;
        }
        _received.Clear();
        while (reader.TryReadNext(out var tlv))
            _received.Add(tlv);
        ReceiveTlvs(iface, source, _received, now);
        _received.Clear();
    }

    /// <summary>Receipt of already-decoded TLVs (what <see cref="Receive(string, IPAddress, ReadOnlySpan{byte})"/> does after decoding).</summary>
    internal void Receive(string iface, IPAddress source, IEnumerable<Tlv> tlvs)
        => ReceiveTlvs(iface, source, tlvs as IReadOnlyList<Tlv> ?? tlvs.ToList(), Now());

    public void DrainOutgoing(ICollection<OutgoingDatagram> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var d in _outgoing)
            into.Add(d);
        Counters.DatagramsSent += _outgoing.Count;
        _outgoing.Clear();
    }

    private void RecordChange(SelectedRouteChange change)
    {
        _changes.Add(change);
        TopologyVersion++;
    }

    public void DrainRouteChanges(ICollection<SelectedRouteChange> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var c in _changes)
            into.Add(c);
        _changes.Clear();
    }

    public RouterSnapshot Snapshot()
    {
        var now = Now();
        var neighbours = _interfaces.Values
            .SelectMany(i => i.Neighbours.Values)
            .Select(n => new NeighbourStatus(
                n.Interface.Config.Name, n.Address, n.MulticastHellos.Reach, n.UnicastHellos.Reach,
                n.RxCost, n.TxCost, n.Cost, n.Rtt.Current(now, _options.RttValidity))
            {
                SymmetricCost = n.Interface.Config.EffectiveSymmetricCost,
                AdvertisedRxCost = n.AdvertisedRxCost,
                RttPenalty = n.AppliedRttPenalty,
                Perturbation = n.Perturbation,
            })
            .ToList();
        var routes = new List<RouteStatus>();
        foreach (var e in _routes.Entries)
        {
            foreach (var r in e.Routes)
            {
                routes.Add(new RouteStatus(
                    r.Prefix, r.RouterId, r.Neighbour.Interface.Config.Name, r.NextHop, r.Seqno, r.Metric,
                    r.AdvertisedMetric, RouteSelector.IsFeasible(r, _sources), e.Selected == r));
            }
        }
        var announced = _local.All.Select(kv => new AnnouncedPrefix(kv.Key, kv.Value)).ToList();
        return new RouterSnapshot(_options.RouterId, _seqno, neighbours, routes, announced);
    }

    /// <summary>Retracts everything this node announced (urgent), as babeld does on shutdown.</summary>
    public void Shutdown()
    {
        if (_shutdown)
            return;
        var now = Now();
        Log.ShuttingDown(_logger, _local.Count);
        foreach (var iface in _interfaces.Values)
        {
            var interval = iface.Config.EffectiveUpdateInterval;
            var tlvs = new List<Tlv> { new WildcardRetraction(interval) };
            foreach (var (prefix, _) in _local.All)
                tlvs.Add(Retraction(prefix, interval));
            foreach (var target in iface.BroadcastTargets.ToList())
            {
                target.Paced.Clear();
                target.PacedFirst.Clear();
                Emit(target, tlvs, paced: false);
            }
        }
        _shutdown = true;
    }

    private Neighbour CreateNeighbour(InterfaceState iface, IPAddress address, bool given, TimeSpan now)
    {
        var n = new Neighbour(iface, address, given);
        if (iface.Config.EffectiveSymmetricCost)
            n.Perturbation = LinkCost.PairPerturbation(iface.LinkLocalKey, n.OrderKey, _options.MaxLinkPerturbation);
        iface.Neighbours.Add(address, n);
        TopologyVersion++;
        // Ask for its table at once (babeld does the same for a new neighbour) and tell it we hear it.
        n.Destination.Control.Add(new RouteRequest(null));
        n.Destination.ScheduleFlush(now + Jitter.Roughly(_random, _options.UrgentDelay));
        return n;
    }

    private void FlushNeighbour(Neighbour n, TimeSpan now)
    {
        if (n.Removed)
            return;
        n.Removed = true;
        n.Interface.Neighbours.Remove(n.Address);
        TopologyVersion++;
        var wasUp = n.Cost != Metric.Infinity;
        n.Cost = Metric.Infinity;
        if (wasUp)
            Log.NeighbourDown(_logger, n.Address, n.Interface.Config.Name);
        Log.NeighbourFlushed(_logger, n.Address, n.Interface.Config.Name, n.Routes.Count);
        foreach (var r in n.Routes.Values.ToList())
        {
            _routes.Remove(r);
            Reselect(r.Entry, now, urgent: false);
            _routes.Prune(r.Entry);
        }
    }
}
