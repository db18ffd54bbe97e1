using System.Text.Json;

namespace Babelwire.Agent.SystemTests.Dashboard;

/// <summary>What the dashboard's map says it drew: <c>window.babelwireMap.describe()</c>, see Web/map/src.</summary>
public sealed record MapState(long? Version, IReadOnlyList<MapNode> Nodes, IReadOnlyList<MapEdge> Edges, IReadOnlyList<string> Path)
{
    private static readonly MapState Empty = new(null, [], [], []);

    public static MapState Parse(JsonElement? description) =>
        description is { ValueKind: JsonValueKind.Object } d ? d.Deserialize<MapState>(JsonSerializerOptions.Web) ?? Empty : Empty;

    public MapEdge? Edge(Guid x, Guid y) =>
        Edges.FirstOrDefault(e => (e.Source == x && e.Target == y) || (e.Source == y && e.Target == x));

    /// <summary>Whether the edge between the pair is highlighted as part of the path.</summary>
    public bool PathHas((Guid A, Guid B) pair) => Edge(pair.A, pair.B) is { } edge && Path.Contains(edge.Id);

    public override string ToString() =>
        $"v{Version}: {Nodes.Count} nodes, edges [{string.Join(", ", Edges.Select(e => $"{e.Id}{(e.Up ? "" : " down")}"))}], path [{string.Join(", ", Path)}]";
}

public sealed record MapNode(Guid Id, string State);

public sealed record MapEdge(string Id, Guid Source, Guid Target, bool Up, string? Quality);
