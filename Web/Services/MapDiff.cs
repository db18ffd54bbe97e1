using System.Globalization;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Web.Services;

/// <summary>A node as the map's JS module draws it.</summary>
public sealed record MapNode(string Id, string Label, string State);

/// <summary>An edge (one link, each pair once) as the map draws it; <see cref="Label"/> is the cost each side reports.</summary>
public sealed record MapEdge(string Id, string Source, string Target, bool Up, string Quality, string Label);

/// <summary>What changed on the map between two views: the JS module applies it element by element, so the nodes
/// already drawn keep their positions and only new ones are laid out.</summary>
public sealed record MapDiff(
    long Version,
    IReadOnlyList<MapNode> AddNodes,
    IReadOnlyList<MapNode> UpdateNodes,
    IReadOnlyList<string> RemoveNodes,
    IReadOnlyList<MapEdge> AddEdges,
    IReadOnlyList<MapEdge> UpdateEdges,
    IReadOnlyList<string> RemoveEdges)
{
    public bool IsEmpty => AddNodes.Count + UpdateNodes.Count + RemoveNodes.Count + AddEdges.Count + UpdateEdges.Count + RemoveEdges.Count == 0;
}

/// <summary>The map's elements for one <see cref="MeshView"/>, and the diff from one set of elements to the next.</summary>
public sealed class MapElements
{
    private MapElements(IReadOnlyDictionary<string, MapNode> nodes, IReadOnlyDictionary<string, MapEdge> edges)
    {
        Nodes = nodes;
        Edges = edges;
    }

    public static MapElements Empty { get; } = new(new Dictionary<string, MapNode>(), new Dictionary<string, MapEdge>());

    public IReadOnlyDictionary<string, MapNode> Nodes { get; }

    public IReadOnlyDictionary<string, MapEdge> Edges { get; }

    public static MapElements From(MeshView view)
    {
        var nodes = new Dictionary<string, MapNode>(StringComparer.Ordinal);
        foreach (var node in view.Nodes)
            nodes[node.Id.ToString()] = new MapNode(node.Id.ToString(), node.Name, NodeStates.Of(node));
        var edges = new Dictionary<string, MapEdge>(StringComparer.Ordinal);
        foreach (var link in view.Links)
        {
            string a = link.NodeA.ToString(), b = link.NodeB.ToString();
            if (!nodes.ContainsKey(a) || !nodes.ContainsKey(b))
                continue; // an edge needs both ends drawn
            var id = LinkQuality.EdgeId(link.NodeA, link.NodeB);
            edges[id] = new MapEdge(id, a, b, link.Up, LinkQuality.Of(link), Label(link));
        }
        return new MapElements(nodes, edges);
    }

    private static string Label(LinkDto link) =>
        string.Create(CultureInfo.InvariantCulture, $"{LinkQuality.Cost(link.FromA)} / {LinkQuality.Cost(link.FromB)}");

    /// <summary>What to send to turn a map showing this into one showing <paramref name="next"/>.</summary>
    public MapDiff DiffTo(MapElements next, long version) => new(
        version,
        [.. next.Nodes.Values.Where(n => !Nodes.ContainsKey(n.Id))],
        [.. next.Nodes.Values.Where(n => Nodes.TryGetValue(n.Id, out var old) && old != n)],
        [.. Nodes.Keys.Where(id => !next.Nodes.ContainsKey(id))],
        [.. next.Edges.Values.Where(e => !Edges.ContainsKey(e.Id))],
        [.. next.Edges.Values.Where(e => Edges.TryGetValue(e.Id, out var old) && old != e)],
        [.. Edges.Keys.Where(id => !next.Edges.ContainsKey(id))]);
}
