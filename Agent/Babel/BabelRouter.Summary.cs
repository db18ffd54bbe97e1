namespace Babelwire.Agent.Babel;

// Added by the host (status --summary): counts without building a snapshot.
public sealed partial class BabelRouter
{
    /// <summary>Table sizes for a cheap status summary: one pass over the prefixes, no allocation.</summary>
    public RouterCounts Counts()
    {
        var neighbours = 0;
        foreach (var iface in _interfaces.Values)
            neighbours += iface.Neighbours.Count;
        int routes = 0, selected = 0;
        foreach (var entry in _routes.Entries)
        {
            routes += entry.Routes.Count;
            if (entry.Selected is not null)
                selected++;
        }
        return new RouterCounts(neighbours, _routes.PrefixCount, routes, selected, _local.Count);
    }
}

/// <param name="Prefixes">Prefixes with at least one route.</param>
public readonly record struct RouterCounts(int Neighbours, int Prefixes, int Routes, int SelectedRoutes, int Announced);
