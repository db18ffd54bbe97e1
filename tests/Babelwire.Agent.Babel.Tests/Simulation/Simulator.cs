using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>
/// N Babel routers on one fake clock, joined by in-memory links that carry the real bytes each router sends.
/// The event loop jumps to the earliest of every router's next deadline and the next delivery, so a run is
/// deterministic for a seed. After every batch it checks loop-freedom on the prefixes whose selected route changed.
/// </summary>
public sealed class Simulator
{
    public const ushort Infinity = 0xFFFF;
    private const string WireGuardInterface = "wg0";
    private static readonly IPAddress BabelMulticast = IPAddress.Parse("ff02::1:6");
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Never = TimeSpan.MaxValue;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Random _network;
    private readonly PriorityQueue<Delivery, (TimeSpan At, long Order)> _inFlight = new();
    private readonly Dictionary<IPAddress, (int Router, string Interface)> _addresses = [];
    private readonly Dictionary<(int Router, string Interface), IPAddress> _linkLocals = [];
    private readonly Dictionary<(int Router, string Interface), SimLink> _interfaceLinks = [];
    private readonly List<SimNode> _nodes = [];
    private readonly List<SimLink> _links = [];
    private readonly Dictionary<(int, int), SimLink> _pairs = [];
    private readonly HashSet<int> _touched = [];
    private readonly List<OutgoingDatagram> _outgoing = [];
    private readonly List<SelectedRouteChange> _changes = [];
    private readonly HashSet<IPNetwork> _changedPrefixes = [];
    private readonly HashSet<IPNetwork> _everAnnounced = [];
    private int _restarts;
    private int _sendingRouter;
    private TimeSpan _lastFullRefresh = TimeSpan.MinValue;
    private readonly HashSet<(int, string)> _removedInterfaces = [];
    private long _order;
    private long _steps;

    public Simulator(Topology topology, SimulationOptions options)
    {
        Topology = topology;
        Options = options;
        _network = new Random(options.Seed);
        for (var l = 0; l < topology.Links.Count; l++)
            _links.Add(new SimLink(l, topology.Links[l]));
        if (options.Style == LinkStyle.WireGuard && _links.Any(l => l.Members.Count != 2 || l.Cost != Topology.DefaultCost))
            throw new ArgumentException("WireGuard-style links join two routers at the default cost", nameof(topology));
        foreach (var link in _links)
            link.IsWireGuard = options.Style == LinkStyle.WireGuard
                || options.Style == LinkStyle.Hybrid && link.Index % 2 == 1 && link.Members.Count == 2 && link.Cost == Topology.DefaultCost;

        for (var r = 0; r < topology.RouterCount; r++)
            _nodes.Add(new SimNode(r, NewRouter(r, new SeqNo(options.InitialSeqno), 0), PrefixesOf(r, options.Families, options.ExtraPrefixesPerRouter)));
        foreach (var node in _nodes)
        {
            Attach(node);
            foreach (var prefix in node.Prefixes)
            {
                var metric = options.AnnounceMetrics ? (ushort)(node.Index % 4 * 32) : (ushort)0;
                node.Announced[prefix] = metric;
                _everAnnounced.Add(prefix);
                node.Router.Announce(prefix, metric);
            }
            _touched.Add(node.Index);
        }
        Settle();
    }

    private BabelRouter NewRouter(int r, SeqNo initialSeqno, int incarnation)
    {
        var routerOptions = new BabelRouterOptions(RouterIdOf(r)) { InitialSeqno = initialSeqno };
        return new BabelRouter(routerOptions, _time, new Random(DeriveSeed(Options.Seed, r, 1 + 16 * incarnation)));
    }

    public Topology Topology { get; }

    public SimulationOptions Options { get; }

    public IReadOnlyList<SimNode> Nodes => _nodes;

    public IReadOnlyList<SimLink> Links => _links;

    public TimeSpan Now { get; private set; }

    public long Steps => _steps;

    public long DatagramsSent { get; private set; }

    public long DatagramsDelivered { get; private set; }

    public List<ObservedSeqnoRequest> SeqnoRequests { get; } = [];

    /// <summary>Called after every delivery batch, once the views of the routers that acted are fresh.</summary>
    public Action? AfterBatch { get; set; }

    /// <summary>Protocol or contract violations seen by the network layer or the stream checks (must stay empty).</summary>
    public List<string> Violations { get; } = [];

    public static RouterId RouterIdOf(int router) => new(0x0200_0000_0000_0000UL + (ulong)router + 1);

    public static IReadOnlyList<IPNetwork> PrefixesOf(int router, PrefixFamilies families, int extra = 0)
    {
        var prefixes = new List<IPNetwork>();
        if (families.HasFlag(PrefixFamilies.IPv6))
            prefixes.Add(IPNetwork.Parse(string.Create(CultureInfo.InvariantCulture, $"2001:db8:{router + 1:x}::/48")));
        if (families.HasFlag(PrefixFamilies.IPv4))
            prefixes.Add(IPNetwork.Parse(string.Create(CultureInfo.InvariantCulture, $"198.18.{router + 1}.0/24")));
        for (var k = 0; k < extra; k++)
            prefixes.Add(IPNetwork.Parse(string.Create(CultureInfo.InvariantCulture, $"2001:db8:{router + 1:x}:{k + 1:x}::/64")));
        return prefixes;
    }

    public SimNode Node(int router) => _nodes[router];

    public SimLink LinkBetween(int a, int b) =>
        _links.FirstOrDefault(l => l.Connects(a, b)) ?? throw new ArgumentException($"no link between r{a} and r{b}");

    /// <summary>Removes a router without warning, as a crash or a pulled cable: it sends and receives nothing from now on.</summary>
    public void Crash(int router) => _nodes[router].Alive = false;

    /// <summary>Originates <paramref name="prefix"/> at <paramref name="router"/> too (several announcers make it anycast).</summary>
    public void Announce(int router, IPNetwork prefix, ushort metric = 0)
    {
        _nodes[router].Announced[prefix] = metric;
        _everAnnounced.Add(prefix);
        _nodes[router].Router.Announce(prefix, metric);
        _touched.Add(router);
        Settle();
    }

    public void Withdraw(int router, IPNetwork prefix)
    {
        _nodes[router].Announced.Remove(prefix);
        _nodes[router].Router.Withdraw(prefix);
        _touched.Add(router);
        Settle();
    }

    /// <summary>A crashed router comes back as a fresh engine with the same router-id, starting from <paramref name="initialSeqno"/>.</summary>
    public void Restart(int router, SeqNo initialSeqno)
    {
        var node = _nodes[router];
        node.Router = NewRouter(router, initialSeqno, ++_restarts);
        node.Selected.Clear();
        node.Streamed.Clear();
        node.Routes = [];
        node.Alive = true;
        Attach(node);
        foreach (var (prefix, metric) in node.Announced)
            node.Router.Announce(prefix, metric);
        _touched.Add(router);
        Settle();
    }

    /// <summary>
    /// The host takes a link away: it goes down, and every member is told (multicast: RemoveInterface; WireGuard:
    /// RemoveNeighbour at both ends), so nobody has to wait for a timer to notice.
    /// </summary>
    public void Detach(SimLink link)
    {
        link.Up = false;
        foreach (var member in link.Members.Where(m => _nodes[m].Alive))
        {
            if (!link.IsWireGuard)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"l{link.Index}");
                _nodes[member].Router.RemoveInterface(name);
                _removedInterfaces.Add((member, name));
            }
            else
            {
                _nodes[member].Router.RemoveNeighbour(WireGuardInterface, WireGuardAddress(link.Members.Single(m => m != member)));
            }
            _touched.Add(member);
        }
        Settle();
    }

    /// <summary>A crashed or paused router carries on with the same engine and all its (now stale) state, as after a VM pause.</summary>
    public void Resume(int router)
    {
        _nodes[router].Alive = true;
        _touched.Add(router);
        Settle();
    }

    /// <summary>The whole machine sleeps: the clock jumps forward and nobody runs meanwhile (a suspended VM or laptop).</summary>
    public void Suspend(TimeSpan duration)
    {
        _time.Advance(duration);
        Now += duration;
    }

    /// <summary>Graceful removal: the router retracts what it announced (Shutdown), its last datagrams leave, then it is gone.</summary>
    public void ShutDown(int router)
    {
        _nodes[router].Router.Shutdown();
        _touched.Add(router);
        Settle();
        _nodes[router].Alive = false;
    }

    /// <summary>WireGuard style: the controller removed <paramref name="router"/> from the mesh, so every peer drops it as a neighbour.</summary>
    public void RemovePeer(int router)
    {
        if (Options.Style != LinkStyle.WireGuard)
            throw new InvalidOperationException("only WireGuard-style links have configured neighbours");
        _nodes[router].Alive = false;
        foreach (var link in _links.Where(l => l.IsWireGuard && l.Members.Contains(router)))
        {
            var peer = link.Members.Single(m => m != router);
            _nodes[peer].Router.RemoveNeighbour(WireGuardInterface, WireGuardAddress(router));
            _touched.Add(peer);
        }
        Settle();
    }

    /// <summary>Returns a failure message with the context needed to replay it.</summary>
    public string Context(string message) =>
        $"[seed {Options.Seed}, {Topology}, {Options.Style}, {Options.Families}, t={Now.TotalSeconds:F3}s, step {_steps}] {message}";

    public void Fail(string message) => Assert.Fail(Context(message));

    /// <summary>Runs the event loop until <paramref name="duration"/> of simulated time has passed.</summary>
    public void RunFor(TimeSpan duration) => RunUntil(() => false, duration);

    /// <summary>Runs until <paramref name="condition"/> holds at a check (every simulated second), or the bound passes. Returns whether it held.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan bound)
    {
        var end = Now + bound;
        var nextCheck = Now;
        while (true)
        {
            if (Now >= nextCheck)
            {
                if (!Options.SnapshotEveryBatch)
                    RefreshAll();
                if (condition())
                    return true;
                nextCheck = Now + CheckInterval;
            }
            if (Now >= end)
                return false;
            Step(nextCheck < end ? nextCheck : end);
        }
    }

    /// <summary>Runs until every router's selected metric to every prefix equals the shortest-path cost. Returns the time it took.</summary>
    public TimeSpan RunUntilConverged(TimeSpan bound)
    {
        var start = Now;
        if (!RunUntil(() => ConvergenceMismatches(1).Count == 0, bound))
            Fail($"not converged within {bound.TotalSeconds}s:\n{string.Join('\n', ConvergenceMismatches(10))}");
        return Now - start;
    }

    /// <summary>One batch: advance to the next event (at most to <paramref name="limit"/>), deliver, poll, route what was sent, check.</summary>
    private void Step(TimeSpan limit)
    {
        if (++_steps > Options.MaxSteps)
            Fail($"more than {Options.MaxSteps} steps: a router's deadline keeps falling due without progress");
        var next = limit;
        foreach (var node in _nodes)
        {
            if (node.Alive && node.Due < next)
                next = node.Due;
        }
        if (_inFlight.TryPeek(out _, out var first) && first.At < next)
            next = first.At;
        if (next > Now)
        {
            _time.Advance(next - Now);
            Now = next;
        }

        while (_inFlight.TryPeek(out var delivery, out var key) && key.At <= Now)
        {
            _inFlight.Dequeue();
            var target = _nodes[delivery.To];
            if (!target.Alive || !delivery.Link.Up)
                continue;
            DatagramsDelivered++;
            target.Router.Receive(delivery.Interface, delivery.Source, delivery.Payload);
            _touched.Add(delivery.To);
        }
        foreach (var node in _nodes)
        {
            if (node.Alive && node.Due <= Now)
            {
                node.Router.Poll();
                _touched.Add(node.Index);
            }
        }
        Settle();
    }

    /// <summary>Collects what touched routers sent and changed, refreshes their deadlines and views, and checks loops.</summary>
    private void Settle()
    {
        _changedPrefixes.Clear();
        foreach (var r in _touched)
        {
            var node = _nodes[r];
            _outgoing.Clear();
            node.Router.DrainOutgoing(_outgoing);
            foreach (var datagram in _outgoing)
                Send(node, datagram);
            _changes.Clear();
            node.Router.DrainRouteChanges(_changes);
            foreach (var change in _changes)
                ApplyChange(node, change);
            var due = node.Router.UntilNextDue();
            node.Due = due == Timeout.InfiniteTimeSpan || due >= Never - Now ? Never : Now + (due > TimeSpan.Zero ? due : TimeSpan.Zero);
            if (Options.SnapshotEveryBatch || _changes.Count > 0)
                Refresh(node, _changes.Count > 0);
        }
        _touched.Clear();
        foreach (var prefix in _changedPrefixes)
            CheckLoopFree(prefix);
        AfterBatch?.Invoke();
    }

    /// <summary>Snapshots every live router (once per instant) and checks loops on whatever moved unreported.</summary>
    private void RefreshAll()
    {
        if (_lastFullRefresh == Now)
            return;
        _lastFullRefresh = Now;
        _changedPrefixes.Clear();
        foreach (var node in _nodes.Where(n => n.Alive))
            Refresh(node, streamChanged: false);
        foreach (var prefix in _changedPrefixes)
            CheckLoopFree(prefix);
    }

    /// <summary>Takes a snapshot of every live router and checks every prefix.</summary>
    public void CheckAll()
    {
        _lastFullRefresh = TimeSpan.MinValue;
        RefreshAll();
        foreach (var prefix in _everAnnounced)
            CheckLoopFree(prefix);
    }

    private void Refresh(SimNode node, bool streamChanged)
    {
        var snapshot = node.Router.Snapshot();
        node.Routes = snapshot.Routes;
        var selected = new Dictionary<IPNetwork, RouteStatus>();
        foreach (var route in snapshot.Routes)
        {
            if (!route.Selected)
                continue;
            if (!selected.TryAdd(route.Prefix, route))
                Fail($"{node} has two selected routes for {route.Prefix}: {selected[route.Prefix]} and {route}");
            if (route.Metric < Infinity && !route.Feasible)
                Fail($"{node} selected an unfeasible route: {route}");
        }
        foreach (var (prefix, route) in selected)
        {
            if (!node.Selected.TryGetValue(prefix, out var old) || !SameHop(old, route))
                _changedPrefixes.Add(prefix);
        }
        foreach (var prefix in node.Selected.Keys)
        {
            if (!selected.ContainsKey(prefix))
                _changedPrefixes.Add(prefix);
        }
        var selectionMoved = selected.Count != node.Selected.Count
            || selected.Any(kv => !node.Selected.TryGetValue(kv.Key, out var old) || old.Metric != kv.Value.Metric || !SameHop(old, kv.Value));
        node.Selected.Clear();
        foreach (var (prefix, route) in selected)
            node.Selected[prefix] = route;
        if (streamChanged || selectionMoved)
            CheckStreamMatchesSnapshot(node);
    }

    private static bool SameHop(RouteStatus a, RouteStatus b) =>
        a.Interface == b.Interface && a.NextHop.Equals(b.NextHop) && (a.Metric < Infinity) == (b.Metric < Infinity);

    private void ApplyChange(SimNode node, SelectedRouteChange change)
    {
        node.Changes.Add((Now, change));
        var present = node.Streamed.ContainsKey(change.Prefix);
        if (change.Kind == RouteChangeKind.Added && present || change.Kind != RouteChangeKind.Added && !present)
            Violations.Add(Context($"{node} emitted {change.Kind} for {change.Prefix} while it was {(present ? "" : "not ")}selected"));
        if (change.Kind == RouteChangeKind.Removed)
            node.Streamed.Remove(change.Prefix);
        else
            node.Streamed[change.Prefix] = change;
    }

    /// <summary>The SelectedRouteChange stream must describe the same finite selected routes as the snapshot.</summary>
    private void CheckStreamMatchesSnapshot(SimNode node)
    {
        var finiteSelected = node.Selected.Values.Where(r => r.Metric < Infinity).ToList();
        var finiteStreamed = node.Streamed.Values.Where(c => c.Metric < Infinity).ToDictionary(c => c.Prefix);
        var consistent = finiteSelected.Count == finiteStreamed.Count && finiteSelected.All(r =>
            finiteStreamed.TryGetValue(r.Prefix, out var c) && c.Interface == r.Interface && c.NextHop.Equals(r.NextHop)
            && c.Metric == r.Metric && c.Source == r.Source);
        if (!consistent)
        {
            Fail($"{node}: route-change stream and snapshot disagree.\n  snapshot: {string.Join("; ", finiteSelected.Select(r => $"{r.Prefix} via {r.NextHop} m{r.Metric}"))}"
                + $"\n  stream:   {string.Join("; ", finiteStreamed.Values.Select(c => $"{c.Prefix} via {c.NextHop} m{c.Metric}"))}");
        }
    }

    /// <summary>Which router a selected route forwards to, or −1 if its next hop is no neighbour on that interface.</summary>
    public int NextHopRouter(SimNode node, RouteStatus route)
    {
        if (!_addresses.TryGetValue(route.NextHop, out var owner))
            return -1;
        if (!_interfaceLinks.TryGetValue((node.Index, route.Interface), out var link))
        {
            if (route.Interface != WireGuardInterface)
                return -1;
            link = _pairs.GetValueOrDefault((node.Index, owner.Router));
        }
        return link is not null && link.Members.Contains(owner.Router) && owner.Router != node.Index ? owner.Router : -1;
    }

    /// <summary>The selected next-hop graph for <paramref name="prefix"/> must be acyclic among live routers.</summary>
    public void CheckLoopFree(IPNetwork prefix)
    {
        var state = new byte[_nodes.Count]; // 0 unvisited, 1 on the current walk, 2 known to end
        var walk = new List<int>();
        foreach (var start in _nodes)
        {
            walk.Clear();
            var r = start.Index;
            while (state[r] == 0)
            {
                state[r] = 1;
                walk.Add(r);
                var node = _nodes[r];
                if (!node.Alive || node.Announced.ContainsKey(prefix) || !node.Selected.TryGetValue(prefix, out var route) || route.Metric >= Infinity)
                    break;
                var next = NextHopRouter(node, route);
                if (next < 0)
                    Fail($"{node} selected a route for {prefix} whose next hop {route.NextHop} on {route.Interface} is not a neighbour");
                if (state[next] == 1)
                {
                    var cycle = walk.SkipWhile(x => x != next).ToList();
                    Fail($"routing loop for {prefix}: {string.Join(" -> ", cycle.Select(Describe))} -> r{next}");
                }
                r = next;
            }
            foreach (var w in walk)
                state[w] = 2;
        }

        string Describe(int x)
        {
            var route = _nodes[x].Selected[prefix];
            return $"r{x}(m{route.Metric} seq{route.Seqno} src {route.Source} via {route.NextHop})";
        }
    }

    /// <summary>Shortest-path costs from <paramref name="source"/> over links that are up, among live routers.</summary>
    public long[] Distances(int source)
    {
        var dist = Enumerable.Repeat(long.MaxValue, _nodes.Count).ToArray();
        if (!_nodes[source].Alive)
            return dist;
        dist[source] = 0;
        var queue = new PriorityQueue<int, long>();
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var u, out var d))
        {
            if (d > dist[u])
                continue;
            foreach (var link in _links)
            {
                if (!link.Up || !link.Members.Contains(u))
                    continue;
                foreach (var v in link.Members)
                {
                    // Babel uses a link only when Hellos and IHUs cross it both ways (RFC 8966 §3.4).
                    if (v == u || !_nodes[v].Alive || link.Muted.Contains(u) || link.Muted.Contains(v) || d + link.Cost >= dist[v])
                        continue;
                    dist[v] = d + link.Cost;
                    queue.Enqueue(v, dist[v]);
                }
            }
        }
        return dist;
    }

    /// <summary>
    /// Every live router's selected metric to every prefix must equal the cheapest announcer's path cost plus its
    /// announced metric, from one of the announcers that achieve it; a prefix no live announcer reaches must have no finite route.
    /// </summary>
    public IReadOnlyList<string> ConvergenceMismatches(int max)
    {
        if (!Options.SnapshotEveryBatch)
            RefreshAll();
        var distances = new Dictionary<int, long[]>();
        var mismatches = new List<string>();
        foreach (var prefix in _everAnnounced)
        {
            var announcers = _nodes.Where(n => n.Alive && n.Announced.ContainsKey(prefix)).ToList();
            foreach (var node in _nodes)
            {
                if (!node.Alive || node.Announced.ContainsKey(prefix))
                    continue;
                var best = long.MaxValue;
                var sources = new List<RouterId>();
                foreach (var a in announcers)
                {
                    if (!distances.TryGetValue(a.Index, out var dist))
                        distances[a.Index] = dist = Distances(a.Index);
                    if (dist[node.Index] == long.MaxValue)
                        continue;
                    var cost = Math.Min(dist[node.Index] + a.Announced[prefix], Infinity);
                    if (cost < best)
                    {
                        best = cost;
                        sources.Clear();
                    }
                    if (cost == best)
                        sources.Add(a.Router.RouterId);
                }
                node.Selected.TryGetValue(prefix, out var route);
                var finite = route is not null && route.Metric < Infinity;
                var ok = best >= Infinity ? !finite : finite && route!.Metric == best && sources.Contains(route.Source);
                if (!ok && mismatches.Count < max)
                {
                    var expected = best >= Infinity ? "unreachable" : $"{best} from {string.Join(" or ", sources)}";
                    mismatches.Add($"{node} -> {prefix}: expected {expected}, got {(route is null ? "no route" : $"m{route.Metric} via {route.NextHop} seq{route.Seqno} src {route.Source}")}");
                }
            }
        }
        return mismatches;
    }

    /// <summary>Diameter in hops over the current up links (for bounds that scale with the topology).</summary>
    public int HopDiameter()
    {
        var max = 0;
        for (var s = 0; s < _nodes.Count; s++)
        {
            var hops = new int[_nodes.Count];
            Array.Fill(hops, -1);
            hops[s] = 0;
            var queue = new Queue<int>([s]);
            while (queue.TryDequeue(out var u))
            {
                foreach (var link in _links.Where(l => l.Up && l.Members.Contains(u)))
                {
                    foreach (var v in link.Members.Where(v => hops[v] < 0))
                    {
                        hops[v] = hops[u] + 1;
                        max = Math.Max(max, hops[v]);
                        queue.Enqueue(v);
                    }
                }
            }
        }
        return max;
    }

    private void Send(SimNode from, OutgoingDatagram datagram)
    {
        DatagramsSent++;
        _sendingRouter = from.Index;
        if (!PacketPeek.IsWellFramed(datagram.Payload))
            Violations.Add(Context($"{from} sent a malformed datagram of {datagram.Payload.Length} bytes"));
        if (datagram.Payload.Length > 1420 - 48)
            Violations.Add(Context($"{from} sent {datagram.Payload.Length} bytes on {datagram.Interface}, more than the MTU allows"));
        foreach (var (id, seqno, hops) in PacketPeek.SeqnoRequests(datagram.Payload))
            SeqnoRequests.Add(new ObservedSeqnoRequest(Now, from.Index, datagram.Destination, id, seqno, hops));

        var key = (from.Index, datagram.Interface);
        if (_removedInterfaces.Contains(key))
            Violations.Add(Context($"{from} sent on {datagram.Interface} after the interface was removed"));
        if (!_linkLocals.TryGetValue(key, out var sourceAddress))
        {
            Violations.Add(Context($"{from} sent on unknown interface {datagram.Interface}"));
            return;
        }
        if (datagram.Interface == WireGuardInterface)
        {
            if (datagram.Destination.Equals(BabelMulticast))
            {
                Violations.Add(Context($"{from} sent to ff02::1:6 on a UnicastOnly interface"));
                return;
            }
            if (_addresses.TryGetValue(datagram.Destination, out var peer)
                && _pairs.TryGetValue((from.Index, peer.Router), out var link))
                Enqueue(link, peer.Router, WireGuardInterface, sourceAddress, datagram.Payload);
            else
                Violations.Add(Context($"{from} sent to {datagram.Destination}, which is not one of its peers"));
            return;
        }

        var segment = _interfaceLinks[key];
        if (datagram.Destination.Equals(BabelMulticast))
        {
            foreach (var member in segment.Members.Where(m => m != from.Index))
                Enqueue(segment, member, datagram.Interface, sourceAddress, datagram.Payload);
        }
        else if (_addresses.TryGetValue(datagram.Destination, out var target) && target.Interface == datagram.Interface
            && segment.Members.Contains(target.Router))
        {
            Enqueue(segment, target.Router, datagram.Interface, sourceAddress, datagram.Payload);
        }
        else
        {
            Violations.Add(Context($"{from} sent to {datagram.Destination} on {datagram.Interface}, which is on another link"));
        }
    }

    private void Enqueue(SimLink link, int to, string iface, IPAddress source, byte[] payload)
    {
        if (!link.Up || link.Muted.Contains(_sendingRouter) || _network.NextDouble() < (link.Loss ?? Options.Loss))
            return;
        var at = Now + Options.Delay + Options.Jitter * _network.NextDouble();
        _inFlight.Enqueue(new Delivery(to, iface, source, payload, link), (at, _order++));
    }

    private BabelInterface Interface(string name, IPAddress linkLocal, InterfaceKind kind, ushort cost, TimeSpan hello) =>
        new(name, kind, linkLocal, HelloInterval: hello, NominalCost: cost, RttCost: Options.RttCost);

    private TimeSpan HelloIntervalFor(int linkOrRouter) => Options.MixedHelloIntervals is { Count: > 0 } choices
        ? choices[new Random(DeriveSeed(Options.Seed, linkOrRouter, 2)).Next(choices.Count)]
        : Options.HelloInterval;

    /// <summary>Gives a router its interfaces: one per multicast link it is on, and wg0 with a neighbour per WireGuard link.</summary>
    private void Attach(SimNode node)
    {
        foreach (var link in _links.Where(l => !l.IsWireGuard && l.Members.Contains(node.Index)))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"l{link.Index}");
            var address = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"fe80::{link.Index + 1:x}:{node.Index + 1:x}"));
            Register(node.Index, name, address);
            _interfaceLinks[(node.Index, name)] = link;
            node.Router.AddInterface(Interface(name, address, InterfaceKind.Multicast, link.Cost, HelloIntervalFor(link.Index)));
        }
        var tunnels = _links.Where(l => l.IsWireGuard && l.Members.Contains(node.Index)).ToList();
        if (tunnels.Count == 0)
            return;
        var own = WireGuardAddress(node.Index);
        Register(node.Index, WireGuardInterface, own);
        node.Router.AddInterface(Interface(WireGuardInterface, own, InterfaceKind.UnicastOnly, Topology.DefaultCost, HelloIntervalFor(node.Index)));
        foreach (var link in tunnels)
        {
            var peer = link.Members.Single(m => m != node.Index);
            _pairs[(node.Index, peer)] = link;
            _pairs[(peer, node.Index)] = link;
            node.Router.AddNeighbour(WireGuardInterface, WireGuardAddress(peer));
        }
    }

    /// <summary>A stable seed per (run, object, purpose); HashCode.Combine is randomised per process, so it would break replay.</summary>
    private static int DeriveSeed(int seed, int index, int purpose) =>
        unchecked((int)((uint)seed * 2654435761u ^ (uint)index * 40503u ^ (uint)purpose * 97u));

    private static IPAddress WireGuardAddress(int router) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"fe80::{router + 1:x}"));

    private void Register(int router, string iface, IPAddress address)
    {
        _addresses[address] = (router, iface);
        _linkLocals[(router, iface)] = address;
    }

    /// <summary>A one-line summary of the run, for test output.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Topology} {Options.Style} {Options.Families} seed {Options.Seed}: ");
        sb.Append(CultureInfo.InvariantCulture, $"t={Now.TotalSeconds:F1}s, {_steps} steps, {DatagramsSent} sent, {DatagramsDelivered} delivered");
        return sb.ToString();
    }

    private sealed record Delivery(int To, string Interface, IPAddress Source, byte[] Payload, SimLink Link);
}
