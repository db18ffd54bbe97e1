namespace Babelwire.Controller.Services.Topology;

/// <summary>The keys of a node's items that changed since the writer last took them; the writer writes each key's
/// current value (or deletes it when gone), so many changes to one item become one row write.</summary>
internal sealed class DirtyKeys
{
    public HashSet<string> Neighbours { get; } = [];

    public HashSet<string> Routes { get; } = [];

    public HashSet<string> Peers { get; } = [];

    public bool IsEmpty => Neighbours.Count == 0 && Routes.Count == 0 && Peers.Count == 0;

    public void UnionWith(DirtyKeys other)
    {
        Neighbours.UnionWith(other.Neighbours);
        Routes.UnionWith(other.Routes);
        Peers.UnionWith(other.Peers);
    }
}
