namespace Babelwire.Bench.Dashboard;

/// <summary>
/// One draw of the dashboard's map as the page's watcher logged it (mapWatcher.js): the map module's
/// <c>appliedAt</c> (Date.now(), milliseconds since 1970 on this machine's clock), the controller's MeshView version,
/// what was on the map, and when the last circuit message before it arrived.
/// </summary>
/// <param name="Path">The ids highlighted by the path view (null when the list was long and not copied).</param>
/// <param name="Edge">The watched edge as drawn, or null when none is watched or it is not on the map.</param>
/// <param name="Received">Date.now() of the last WebSocket message the page received at or before the draw.</param>
internal sealed record MapDraw(double AppliedAt, long? Version, int Nodes, int Edges, IReadOnlyList<string>? Path, MapDrawEdge? Edge, double? Received);

/// <summary>The watched edge: up, quality ("good", "medium", "down", "unknown") and its label (the two costs, when the
/// cytoscape instance was found; null otherwise).</summary>
internal sealed record MapDrawEdge(bool Up, string? Quality, string? Label);

/// <summary>A node's position on the map (cytoscape model coordinates).</summary>
internal readonly record struct NodePosition(string Id, double X, double Y);
