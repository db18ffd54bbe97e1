using System.Net;

namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>Path symmetry and agreed link costs (docs/babel-notes.md §5, §6 "Path symmetry").</summary>
public sealed partial class Simulator
{
    /// <summary>
    /// The cost the routers should agree on for a link whose RTT penalty is 0: the nominal cost, plus on WireGuard
    /// links (symmetric cost, the default on UnicastOnly interfaces) the perturbation of the pair of link-locals.
    /// </summary>
    public long ExpectedCost(SimLink link)
    {
        if (!(Options.SymmetricCost ?? link.IsWireGuard))
            return link.Cost;
        return link.Cost + Neighbours.LinkCost.PairPerturbation(
            _linkLocals[(link.Members[0], InterfaceOf(link))], _linkLocals[(link.Members[1], InterfaceOf(link))], RouterOptions(link.Members[0]).MaxLinkPerturbation);
    }

    private static string InterfaceOf(SimLink link) =>
        link.IsWireGuard ? WireGuardInterface : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"l{link.Index}");

    /// <summary>Walks every pair's two paths over the routers' current selections (see <see cref="PathSymmetry"/>).</summary>
    public PathSymmetry CheckPathSymmetry(int maxExamples = 5)
    {
        RefreshAll();
        var live = _nodes.Where(n => n.Alive && n.Prefixes.Count > 0 && n.Announced.ContainsKey(n.Prefixes[0])).ToList();
        int pairs = 0, asymmetric = 0, incomplete = 0, tied = 0;
        Dictionary<(int, int), NeighbourStatus>? costs = null;
        var examples = new List<string>();
        for (var i = 0; i < live.Count; i++)
        {
            for (var j = i + 1; j < live.Count; j++)
            {
                var a = live[i];
                var d = live[j];
                pairs++;
                var there = Walk(a.Index, d.Prefixes[0], d.Index);
                var back = Walk(d.Index, a.Prefixes[0], a.Index);
                if (there is null || back is null)
                {
                    incomplete++;
                    continue;
                }
                back.Reverse();
                if (there.SequenceEqual(back))
                    continue;
                asymmetric++;
                costs ??= ReportedLinkCosts();
                if (ShortestPathCount(costs, a.Index, d.Index) > 1)
                    tied++;
                back.Reverse();
                if (examples.Count < maxExamples)
                    examples.Add($"r{a.Index}->r{d.Index}: {Describe(there, d.Prefixes[0])}; back: {Describe(back, a.Prefixes[0])}");
            }
        }
        return new PathSymmetry(pairs, asymmetric, incomplete, tied, examples);
    }

    /// <summary>How many shortest paths join <paramref name="from"/> to <paramref name="to"/> over the reported costs, counted up to 2.</summary>
    private int ShortestPathCount(Dictionary<(int From, int To), NeighbourStatus> costs, int from, int to)
    {
        var outgoing = new Dictionary<int, List<(int To, long Cost)>>();
        foreach (var ((x, y), status) in costs)
        {
            if (status.Cost < Infinity)
                (outgoing.TryGetValue(x, out var list) ? list : outgoing[x] = []).Add((y, status.Cost));
        }
        var dist = Enumerable.Repeat(long.MaxValue, _nodes.Count).ToArray();
        dist[to] = 0;
        var queue = new PriorityQueue<int, long>();
        queue.Enqueue(to, 0);
        while (queue.TryDequeue(out var v, out var dv))
        {
            if (dv > dist[v])
                continue;
            foreach (var ((x, y), status) in costs)
            {
                if (y == v && status.Cost < Infinity && dv + status.Cost < dist[x])
                {
                    dist[x] = dv + status.Cost;
                    queue.Enqueue(x, dist[x]);
                }
            }
        }
        var counts = new Dictionary<int, int>();
        return Count(from);

        int Count(int x)
        {
            if (x == to)
                return 1;
            if (counts.TryGetValue(x, out var known))
                return known;
            var n = 0;
            foreach (var (y, c) in outgoing.GetValueOrDefault(x) ?? [])
            {
                if (dist[y] != long.MaxValue && dist[y] + c == dist[x])
                    n = Math.Min(2, n + Count(y));
            }
            counts[x] = n;
            return n;
        }
    }

    private string Describe(List<int> path, IPNetwork prefix) =>
        string.Join(' ', path.Select(r => _nodes[r].Selected.TryGetValue(prefix, out var route) ? $"r{r}(m{route.Metric})" : $"r{r}"));

    /// <summary>The routers a packet from <paramref name="from"/> to <paramref name="prefix"/> crosses, or null if it does not arrive.</summary>
    private List<int>? Walk(int from, IPNetwork prefix, int to)
    {
        var path = new List<int> { from };
        var r = from;
        while (r != to)
        {
            var node = _nodes[r];
            if (path.Count > _nodes.Count || !node.Selected.TryGetValue(prefix, out var route) || route.Metric >= Infinity)
                return null;
            r = NextHopRouter(node, route);
            if (r < 0 || !_nodes[r].Alive || path.Contains(r))
                return null;
            path.Add(r);
        }
        return path;
    }

    /// <summary>What each live router reports as its link cost to each neighbour router, from fresh snapshots.</summary>
    public Dictionary<(int From, int To), NeighbourStatus> ReportedLinkCosts()
    {
        var costs = new Dictionary<(int, int), NeighbourStatus>();
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            foreach (var n in node.Router.Snapshot().Neighbours)
            {
                if (_addresses.TryGetValue(n.Address, out var owner) && owner.Router != node.Index)
                    costs[(node.Index, owner.Router)] = n;
            }
        }
        return costs;
    }

    /// <summary>Links that are up between live routers where either end has no finite cost, or the two ends report different costs.</summary>
    public IReadOnlyList<string> AgreedCostMismatches(int max)
    {
        var costs = ReportedLinkCosts();
        var mismatches = new List<string>();
        foreach (var link in _links.Where(l => l.Up && l.Muted.Count == 0))
        {
            foreach (var a in link.Members.Where(m => _nodes[m].Alive))
            {
                foreach (var b in link.Members.Where(m => m > a && _nodes[m].Alive))
                {
                    var ab = costs.GetValueOrDefault((a, b))?.Cost ?? Infinity;
                    var ba = costs.GetValueOrDefault((b, a))?.Cost ?? Infinity;
                    if ((ab != ba || ab == Infinity) && mismatches.Count < max)
                        mismatches.Add($"{link}: r{a}->r{b} cost {ab}, r{b}->r{a} cost {ba}");
                }
            }
        }
        return mismatches;
    }

    /// <summary>
    /// Every live router's selected metric to every router's first prefix must be the shortest path over the link costs
    /// the routers themselves report (RTT penalties included): convergence when the costs are measured, not given.
    /// </summary>
    public IReadOnlyList<string> SelfConsistencyMismatches(int max)
    {
        RefreshAll();
        var costs = ReportedLinkCosts();
        var into = new Dictionary<int, List<(int From, long Cost)>>();
        foreach (var ((from, to), status) in costs)
        {
            if (status.Cost < Infinity)
                (into.TryGetValue(to, out var list) ? list : into[to] = []).Add((from, status.Cost));
        }
        var mismatches = new List<string>();
        foreach (var d in _nodes.Where(n => n.Alive && n.Prefixes.Count > 0 && n.Announced.ContainsKey(n.Prefixes[0])))
        {
            var prefix = d.Prefixes[0];
            var dist = Enumerable.Repeat(long.MaxValue, _nodes.Count).ToArray();
            dist[d.Index] = d.Announced[prefix];
            var queue = new PriorityQueue<int, long>();
            queue.Enqueue(d.Index, dist[d.Index]);
            while (queue.TryDequeue(out var v, out var dv))
            {
                if (dv > dist[v] || !into.TryGetValue(v, out var edges))
                    continue;
                foreach (var (u, c) in edges)
                {
                    if (dv + c < dist[u])
                    {
                        dist[u] = dv + c;
                        queue.Enqueue(u, dist[u]);
                    }
                }
            }
            foreach (var node in _nodes.Where(n => n.Alive && n != d))
            {
                node.Selected.TryGetValue(prefix, out var route);
                var expected = Math.Min(dist[node.Index], Infinity);
                var got = route?.Metric ?? Infinity;
                if (got != expected && mismatches.Count < max)
                    mismatches.Add($"{node} -> {prefix}: expected {expected}, got {got}");
            }
        }
        return mismatches;
    }
}
