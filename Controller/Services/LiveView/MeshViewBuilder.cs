using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Controller.Services.LiveView;

/// <summary>
/// The live view's state between snapshots, owned by the feed's single loop (no locks): the node list, each node's
/// topology slice and every link ever seen between two existing nodes. Only what changed is recomputed; a snapshot
/// reuses the previous snapshot's lists when nothing in them changed, and never changes a list it has published.
/// </summary>
internal sealed class MeshViewBuilder
{
    private readonly Dictionary<Guid, NodeDto> _nodes = [];
    private readonly Dictionary<Guid, TopologySlice> _slices = [];
    private readonly Dictionary<(Guid A, Guid B), LinkState> _links = [];
    private readonly Dictionary<Guid, HashSet<(Guid A, Guid B)>> _linksByNode = [];

    private NodeDto[] _sortedNodes = [];
    private bool _nodesChanged = true;
    private IReadOnlyList<NodeDto> _publishedNodes = [];
    private IReadOnlyList<LinkDto> _publishedLinks = [];
    private bool _linksChanged = true;
    private IReadOnlyList<MeshRouteDto> _publishedRoutes = [];
    private bool _routesChanged = true;

    public int NodeCount => _nodes.Count;

    public bool Contains(Guid nodeId) => _nodes.ContainsKey(nodeId);

    /// <summary>Adds or replaces a node (its row as stored; Online is filled in at each build).</summary>
    public void SetNode(NodeDto node)
    {
        var known = _nodes.ContainsKey(node.Id);
        _nodes[node.Id] = node;
        _nodesChanged = true;
        if (!known)
        {
            // Links reported before the node's row was known can show now.
            _linksChanged = true;
        }
    }

    /// <summary>The node's row is gone (deleted): it leaves the node list; its links go with <see cref="Forget"/>.</summary>
    public void RemoveNode(Guid nodeId)
    {
        if (_nodes.Remove(nodeId))
        {
            _nodesChanged = true;
            _linksChanged = true;
        }
    }

    /// <summary>Replaces the node's topology slice (null: it has none).</summary>
    public void SetSlice(Guid nodeId, TopologySlice? slice)
    {
        var old = _slices.GetValueOrDefault(nodeId);
        if (old is null && slice is null)
        {
            return;
        }
        if (old is not null)
        {
            foreach (var other in old.Sides.Keys)
            {
                if (slice is null || !slice.Sides.ContainsKey(other))
                {
                    SetSide(nodeId, other, null, live: false);
                }
            }
        }
        if (slice is not null)
        {
            foreach (var (other, side) in slice.Sides)
            {
                SetSide(nodeId, other, side, live: !slice.Stale);
            }
            _slices[nodeId] = slice;
        }
        else
        {
            _slices.Remove(nodeId);
        }
        if ((old?.Routes.Count ?? 0) > 0 || (slice?.Routes.Count ?? 0) > 0)
        {
            _routesChanged = true;
        }
    }

    /// <summary>The node was deleted: it, its routes and every link it was part of leave the view.</summary>
    public void Forget(Guid nodeId)
    {
        SetSlice(nodeId, null);
        RemoveNode(nodeId);
        if (_linksByNode.Remove(nodeId, out var keys))
        {
            foreach (var key in keys)
            {
                _links.Remove(key);
                var other = key.A == nodeId ? key.B : key.A;
                if (_linksByNode.TryGetValue(other, out var otherKeys))
                {
                    otherKeys.Remove(key);
                }
            }
            _linksChanged = true;
        }
    }

    /// <summary>A snapshot; <paramref name="online"/> says which nodes have an agent connected now.</summary>
    public MeshView Build(long version, DateTimeOffset at, bool databaseAvailable, Func<Guid, bool> online)
    {
        if (_nodesChanged)
        {
            _sortedNodes = [.. _nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Id)];
        }
        var nodesChanged = _nodesChanged;
        for (var i = 0; i < _sortedNodes.Length; i++)
        {
            var node = _sortedNodes[i];
            if (node.Online != online(node.Id))
            {
                if (!nodesChanged)
                {
                    // Copy before the first change: the array behind the published list must not move.
                    _sortedNodes = [.. _sortedNodes];
                    nodesChanged = true;
                }
                _sortedNodes[i] = node with { Online = !node.Online };
                _nodes[node.Id] = _sortedNodes[i];
            }
        }
        if (nodesChanged)
        {
            _publishedNodes = _sortedNodes;
            _nodesChanged = false;
        }
        if (_linksChanged)
        {
            List<LinkDto> links = new(_links.Count);
            foreach (var (key, link) in _links)
            {
                if (_nodes.ContainsKey(key.A) && _nodes.ContainsKey(key.B))
                {
                    links.Add(link.Dto ??= link.ToDto(key));
                }
            }
            _publishedLinks = links;
            _linksChanged = false;
        }
        if (_routesChanged)
        {
            var routes = new MeshRouteDto[_slices.Values.Sum(s => s.Routes.Count)];
            var at0 = 0;
            foreach (var slice in _slices.Values)
            {
                foreach (var route in slice.Routes)
                {
                    routes[at0++] = route;
                }
            }
            _publishedRoutes = routes;
            _routesChanged = false;
        }
        return new MeshView(version, at, databaseAvailable, _publishedNodes, _publishedLinks, _publishedRoutes);
    }

    private void SetSide(Guid reporter, Guid other, LinkSideDto? side, bool live)
    {
        var reporterIsA = reporter.CompareTo(other) < 0;
        var key = reporterIsA ? (reporter, other) : (other, reporter);
        if (!_links.TryGetValue(key, out var link))
        {
            if (side is null)
            {
                return;
            }
            link = new LinkState();
            _links[key] = link;
            Index(key.Item1, key);
            Index(key.Item2, key);
        }
        if (reporterIsA)
        {
            if (Equals(link.FromA, side) && link.LiveA == live)
            {
                return;
            }
            (link.FromA, link.LiveA) = (side, live);
        }
        else
        {
            if (Equals(link.FromB, side) && link.LiveB == live)
            {
                return;
            }
            (link.FromB, link.LiveB) = (side, live);
        }
        link.Dto = null;
        _linksChanged = true;
    }

    private void Index(Guid nodeId, (Guid, Guid) key)
    {
        if (!_linksByNode.TryGetValue(nodeId, out var keys))
        {
            keys = [];
            _linksByNode[nodeId] = keys;
        }
        keys.Add(key);
    }

    /// <summary>A pair of nodes as seen so far: each side as its node reports it now (null: it does not), and whether
    /// that node's agent is live. Kept when both sides stop reporting, until one of the nodes is deleted.</summary>
    private sealed class LinkState
    {
        public LinkSideDto? FromA { get; set; }

        public bool LiveA { get; set; }

        public LinkSideDto? FromB { get; set; }

        public bool LiveB { get; set; }

        public LinkDto? Dto { get; set; }

        /// <summary>Up while a live side reports a finite cost; a disconnected node's last report does not keep a link up.</summary>
        public LinkDto ToDto((Guid A, Guid B) key) => new(key.A, key.B, FromA, FromB,
            (LiveA && FromA is { Cost: < AgentStateValidator.Infinity }) || (LiveB && FromB is { Cost: < AgentStateValidator.Infinity }));
    }
}
