using Babelwire.Shared.State;

namespace Babelwire.Agent.ControlPlane;

/// <summary>What changed between two snapshots, keyed by neighbour address, route prefix and peer public key; an
/// item whose fields changed is upserted whole.</summary>
public static class AgentStateDiff
{
    /// <summary>The delta from <paramref name="previous"/> to <paramref name="current"/>, or null when nothing changed.</summary>
    public static AgentStateDeltaDto? Compute(AgentStateDto previous, AgentStateDto current, long sequence)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var (neighboursUp, neighboursGone) = Diff(previous.Neighbours, current.Neighbours, n => n.Address);
        var (routesUp, routesGone) = Diff(previous.Routes, current.Routes, r => r.Prefix);
        var (peersUp, peersGone) = Diff(previous.Peers, current.Peers, p => p.PublicKey);
        if (neighboursUp.Count + neighboursGone.Count + routesUp.Count + routesGone.Count + peersUp.Count + peersGone.Count == 0)
            return null;
        return new AgentStateDeltaDto(sequence, neighboursUp, neighboursGone, routesUp, routesGone, peersUp, peersGone);
    }

    /// <summary>
    /// Whether <paramref name="delta"/> (from <paramref name="previous"/>) changes what a map of the mesh shows: a
    /// neighbour that appeared, went, or whose interface, peer or costs changed; any selected route added, removed or
    /// changed. An RTT that moved and the WireGuard peers' counters, handshakes and endpoints are not: they wait for
    /// the periodic report.
    /// </summary>
    public static bool ChangesTopology(AgentStateDto previous, AgentStateDeltaDto delta)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.RoutesUpserted.Count + delta.RoutesRemoved.Count + delta.NeighboursRemoved.Count > 0)
            return true;
        foreach (var n in delta.NeighboursUpserted)
        {
            var was = previous.Neighbours.FirstOrDefault(p => p.Address == n.Address);
            if (was is null || was with { RttMilliseconds = null } != n with { RttMilliseconds = null })
                return true;
        }
        return false;
    }

    private static (List<T> Upserted, List<string> Removed) Diff<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key)
        where T : class
    {
        var old = new Dictionary<string, T>(before.Count, StringComparer.Ordinal);
        foreach (var item in before)
            old.TryAdd(key(item), item);
        var upserted = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in after)
        {
            var k = key(item);
            if (!seen.Add(k))
                continue;
            if (!old.TryGetValue(k, out var was) || !was.Equals(item))
                upserted.Add(item);
        }
        return (upserted, [.. old.Keys.Where(k => !seen.Contains(k))]);
    }
}
