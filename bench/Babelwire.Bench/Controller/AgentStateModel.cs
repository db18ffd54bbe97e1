using System.Globalization;
using Babelwire.Shared.State;

namespace Babelwire.Bench.Controller;

/// <summary>
/// The state one simulated agent reports. Its neighbours are the 4 nodes either side of it on a ring of all nodes
/// (8 neighbours, each a WireGuard peer with stats); it selects 16 routes: the overlay /128 and /32 of each
/// neighbour, directly (with <c>ipv6RoutesOnly</c>: each neighbour's /128 and a /64 it announces from 2001:db8::/32). A delta changes 2 neighbours' costs and RTTs (rotating), grows all 8 peers' counters (with a
/// fresh handshake every 2 minutes), and every 5th delta changes one route's metric. The dashboard benchmark widens the
/// ring (<c>neighboursEachSide</c>), pins a neighbour's cost (<see cref="PinCost"/>) and adds routes to nodes that are
/// not neighbours, through a chosen next hop (<see cref="SetRoute"/>).
/// </summary>
internal sealed class AgentStateModel
{
    public const int NeighbourCount = 8;
    public const string InterfaceName = "bw0";
    private static readonly TimeSpan HandshakeInterval = TimeSpan.FromMinutes(2);

    private readonly BenchNode[] _neighbours;
    private readonly int[] _costs;
    private readonly int?[] _pinnedCosts;
    private readonly SortedSet<int> _pinnedChanged = [];
    private readonly double[] _rtts;
    private readonly long[] _received;
    private readonly long[] _sent;
    private readonly DateTimeOffset[] _handshakes;
    private readonly int[] _routeMetrics;
    private readonly SortedDictionary<string, RouteStateDto> _extraRoutes = new(StringComparer.Ordinal);
    private readonly List<RouteStateDto> _extraRoutesChanged = [];
    private readonly Random _random;
    private readonly bool _ipv6RoutesOnly;
    private long _sequence;

    public AgentStateModel(IReadOnlyList<BenchNode> ring, int index, DateTimeOffset now, bool ipv6RoutesOnly = false, int neighboursEachSide = NeighbourCount / 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighboursEachSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(2 * neighboursEachSide, ring.Count - 1, nameof(neighboursEachSide));
        _ipv6RoutesOnly = ipv6RoutesOnly;
        var n = ring.Count;
        _random = new Random(index);
        // Neighbour 0 is the next node on the ring: the delay probe looks for the link to it. Then 1, -1, 2, -2, ...
        _neighbours = [.. Enumerable.Range(1, neighboursEachSide).SelectMany(d => new[] { d, -d }).Select(d => ring[((index + d) % n + n) % n])];
        var count = _neighbours.Length;
        _costs = new int[count];
        _pinnedCosts = new int?[count];
        _rtts = new double[count];
        _received = new long[count];
        _sent = new long[count];
        _handshakes = new DateTimeOffset[count];
        _routeMetrics = new int[2 * count];
        for (var i = 0; i < count; i++)
        {
            _costs[i] = JitteredCost();
            _rtts[i] = 1 + _random.NextDouble() * 40;
            _received[i] = _random.NextInt64(1_000_000, 100_000_000);
            _sent[i] = _random.NextInt64(1_000_000, 100_000_000);
            _handshakes[i] = now - TimeSpan.FromSeconds(_random.Next(0, 120));
        }
        for (var r = 0; r < _routeMetrics.Length; r++)
        {
            _routeMetrics[r] = _costs[r / 2];
        }
    }

    public BenchNode FirstNeighbour => _neighbours[0];

    /// <summary>The neighbours, in the order of <see cref="PinCost"/>'s index: +1, -1, +2, -2, ... on the ring.</summary>
    public IReadOnlyList<BenchNode> Neighbours => _neighbours;

    /// <summary>Reports neighbour <paramref name="neighbour"/> with this cost from the next delta on (and keeps it out
    /// of the regular jitter), until pinned again; null unpins it.</summary>
    public void PinCost(int neighbour, int? cost)
    {
        _pinnedCosts[neighbour] = cost;
        if (cost is { } pinned)
        {
            _costs[neighbour] = pinned;
            _pinnedChanged.Add(neighbour);
        }
    }

    /// <summary>Selects a route to <paramref name="destination"/>'s overlay /128 and /32 through <paramref name="via"/>
    /// (the next hop, by link-local and key), reported in the next delta and in every full report after.</summary>
    public void SetRoute(BenchNode destination, BenchNode via, int metric)
    {
        foreach (var prefix in new[] { destination.OverlayIPv6, destination.OverlayIPv4 })
        {
            var route = new RouteStateDto(prefix, metric, RouterId(destination.Index), via.LinkLocal, via.PublicKey, Installed: true);
            _extraRoutes[prefix] = route;
            _extraRoutesChanged.Add(route);
        }
    }

    public long Sequence => _sequence;

    /// <summary>The whole state; the sequence starts anew (at 1) as on every connection.</summary>
    public AgentStateDto Full(string agentVersion)
    {
        _sequence = 1;
        return new AgentStateDto(
            _sequence,
            agentVersion,
            [.. Enumerable.Range(0, _neighbours.Length).Select(Neighbour)],
            [.. Enumerable.Range(0, _routeMetrics.Length).Select(Route), .. _extraRoutes.Values],
            [.. Enumerable.Range(0, _neighbours.Length).Select(Peer)]);
    }

    /// <summary>The next delta; with a <paramref name="marker"/>, neighbour 0 is reported with the marker's cost.</summary>
    public AgentStateDeltaDto NextDelta(DateTimeOffset now, DelayMarker? marker)
    {
        _sequence++;
        var count = _neighbours.Length;
        var changed = new SortedSet<int> { (int)(_sequence % count), (int)((_sequence + count / 2) % count) };
        foreach (var i in changed)
        {
            _costs[i] = _pinnedCosts[i] ?? JitteredCost();
            _rtts[i] = Math.Max(0.2, _rtts[i] + (_random.NextDouble() - 0.5) * 4);
        }
        changed.UnionWith(_pinnedChanged);
        _pinnedChanged.Clear();
        if (marker is not null)
        {
            _costs[0] = marker.Cost;
            changed.Add(0);
        }
        for (var i = 0; i < count; i++)
        {
            _received[i] += _random.Next(10_000, 200_000);
            _sent[i] += _random.Next(10_000, 200_000);
            if (now - _handshakes[i] >= HandshakeInterval)
            {
                _handshakes[i] = now;
            }
        }
        List<RouteStateDto> routes = [];
        if (_sequence % 5 == 0)
        {
            var r = (int)(_sequence / 5 % _routeMetrics.Length);
            _routeMetrics[r] = JitteredCost();
            routes.Add(Route(r));
        }
        routes.AddRange(_extraRoutesChanged);
        _extraRoutesChanged.Clear();
        return new AgentStateDeltaDto(
            _sequence,
            [.. changed.Select(Neighbour)],
            [],
            routes,
            [],
            [.. Enumerable.Range(0, count).Select(Peer)],
            []);
    }

    private int JitteredCost() => 96 + _random.Next(0, 33);

    private NeighbourStateDto Neighbour(int i) =>
        new(_neighbours[i].LinkLocal, _neighbours[i].PublicKey, InterfaceName, _costs[i], 96, _costs[i], Math.Round(_rtts[i], 2));

    private PeerStatsDto Peer(int i) =>
        new(_neighbours[i].PublicKey, _neighbours[i].Endpoint, _handshakes[i], _received[i], _sent[i]);

    private RouteStateDto Route(int r)
    {
        var node = _neighbours[r / 2];
        var prefix = r % 2 == 0 ? node.OverlayIPv6 : _ipv6RoutesOnly ? AnnouncedPrefix(node.Index) : node.OverlayIPv4;
        return new RouteStateDto(prefix, _routeMetrics[r], RouterId(node.Index), node.LinkLocal, node.PublicKey, Installed: true);
    }

    /// <summary>A /64 the node announces besides its overlay address: 2001:db8:HI:LO::/64 from its index.</summary>
    internal static string AnnouncedPrefix(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"2001:db8:{(index >> 16) & 0xffff:x}:{index & 0xffff:x}::/64");

    /// <summary>A Babel router-id (8 octets) in babeld's notation, unique per node.</summary>
    internal static string RouterId(int index)
    {
        var octets = BitConverter.GetBytes((ulong)index + 0x0200_0000_0000_0000UL);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(octets);
        }
        return string.Join(':', octets.Select(o => o.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
