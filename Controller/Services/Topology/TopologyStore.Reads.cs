using System.Net;
using Babelwire.Shared.Api;

namespace Babelwire.Controller.Services.Topology;

internal sealed partial class TopologyStore
{
    /// <summary>Links between known nodes, each pair once with both sides' reports; with <paramref name="node"/>, only its links.</summary>
    public IReadOnlyList<LinkDto> GetLinks(Guid? node)
    {
        Dictionary<(Guid A, Guid B), (LinkSideDto? FromA, LinkSideDto? FromB)> pairs = [];
        foreach (var topology in _nodes.Values)
        {
            lock (topology.Gate)
            {
                foreach (var neighbour in topology.Neighbours.Values)
                {
                    if (neighbour.NodeId is not { } other || other == topology.Id || (node is { } only && only != topology.Id && only != other))
                    {
                        continue;
                    }
                    var side = new LinkSideDto(neighbour.Reported.Cost, neighbour.Reported.RxCost, neighbour.Reported.TxCost,
                        neighbour.Reported.RttMilliseconds, neighbour.ReportedAt);
                    var reporterIsA = topology.Id.CompareTo(other) < 0;
                    var key = reporterIsA ? (topology.Id, other) : (other, topology.Id);
                    var sides = pairs.GetValueOrDefault(key);
                    // Two neighbour entries for one peer (rare: two addresses): the cheaper one speaks for the link.
                    if (reporterIsA)
                    {
                        sides.FromA = sides.FromA is { } a && a.Cost <= side.Cost ? a : side;
                    }
                    else
                    {
                        sides.FromB = sides.FromB is { } b && b.Cost <= side.Cost ? b : side;
                    }
                    pairs[key] = sides;
                }
            }
        }
        return pairs
            .OrderBy(p => p.Key.A).ThenBy(p => p.Key.B)
            .Select(p => new LinkDto(p.Key.A, p.Key.B, p.Value.FromA, p.Value.FromB,
                p.Value.FromA is { Cost: < AgentStateValidator.Infinity } || p.Value.FromB is { Cost: < AgentStateValidator.Infinity }))
            .ToList();
    }

    /// <summary>Selected routes; with <paramref name="node"/> only that node's, with <paramref name="within"/> only those inside it.</summary>
    public IReadOnlyList<MeshRouteDto> GetRoutes(Guid? node, IPNetwork? within)
    {
        IEnumerable<NodeTopology> nodes = node is { } id
            ? _nodes.TryGetValue(id, out var one) ? [one] : []
            : _nodes.Values;
        List<MeshRouteDto> routes = [];
        foreach (var topology in nodes)
        {
            lock (topology.Gate)
            {
                foreach (var route in topology.Routes.Values)
                {
                    if (within is { } filter && !Inside(route.Reported.Prefix, filter))
                    {
                        continue;
                    }
                    var r = route.Reported;
                    routes.Add(new MeshRouteDto(topology.Id, r.Prefix, r.Metric, r.RouterId, r.NextHop, route.NextHopNodeId, r.Installed, route.UpdatedAt));
                }
            }
        }
        routes.Sort((x, y) => x.NodeId != y.NodeId ? x.NodeId.CompareTo(y.NodeId) : string.CompareOrdinal(x.Prefix, y.Prefix));
        return routes;
    }

    /// <summary>A node's peer statistics, or null when the node never reported (nor was loaded).</summary>
    public NodePeerStatisticsDto? GetPeers(Guid nodeId)
    {
        if (!_nodes.TryGetValue(nodeId, out var topology))
        {
            return null;
        }
        lock (topology.Gate)
        {
            var peers = topology.Peers.Values
                .Select(p => new PeerStatisticsDto(p.Reported.PublicKey, directory.Find(p.Reported.PublicKey), p.Reported.Endpoint,
                    p.Reported.LastHandshake, p.Reported.ReceivedBytes, p.Reported.SentBytes, p.ReportedAt))
                .OrderBy(p => p.PublicKey, StringComparer.Ordinal)
                .ToList();
            return new NodePeerStatisticsDto(nodeId, topology.Stale, topology.LastReportAt, peers);
        }
    }

    /// <summary>Every node with reported (or loaded) topology.</summary>
    internal ICollection<Guid> NodeIds => _nodes.Keys;

    /// <summary>The node's routes and link sides for the live view, or null when it has no topology (never reported, or deleted).</summary>
    internal TopologySlice? Slice(Guid nodeId)
    {
        if (!_nodes.TryGetValue(nodeId, out var topology))
        {
            return null;
        }
        lock (topology.Gate)
        {
            var routes = new MeshRouteDto[topology.Routes.Count];
            var i = 0;
            foreach (var route in topology.Routes.Values)
            {
                var r = route.Reported;
                routes[i++] = new MeshRouteDto(topology.Id, r.Prefix, r.Metric, r.RouterId, r.NextHop, route.NextHopNodeId, r.Installed, route.UpdatedAt);
            }
            Array.Sort(routes, (x, y) => string.CompareOrdinal(x.Prefix, y.Prefix));
            Dictionary<Guid, LinkSideDto> sides = [];
            foreach (var neighbour in topology.Neighbours.Values)
            {
                if (neighbour.NodeId is not { } other || other == topology.Id)
                {
                    continue;
                }
                var n = neighbour.Reported;
                if (!sides.TryGetValue(other, out var known) || n.Cost < known.Cost)
                {
                    sides[other] = new LinkSideDto(n.Cost, n.RxCost, n.TxCost, n.RttMilliseconds, neighbour.ReportedAt);
                }
            }
            return new TopologySlice(topology.Id, topology.Stale, routes, sides);
        }
    }

    private static bool Inside(string prefix, IPNetwork filter) =>
        IPNetwork.TryParse(prefix, out var network) && network.PrefixLength >= filter.PrefixLength && filter.Contains(network.BaseAddress);
}
