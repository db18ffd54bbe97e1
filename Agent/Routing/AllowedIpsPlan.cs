using System.Net;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Routing;

/// <summary>
/// Desired state, computed from scratch and without I/O: for every selected route via neighbour N, the prefix goes
/// into N's AllowedIPs and no other peer's (WireGuard gives a prefix to exactly one peer), unless it must be refused.
/// </summary>
public sealed class AllowedIpsPlan
{
    private AllowedIpsPlan(
        Dictionary<WireGuardKey, HashSet<IPNetwork>> routed, Dictionary<IPNetwork, WireGuardKey> owner, Dictionary<IPNetwork, RouteRefusal> refused)
    {
        Routed = routed;
        Owner = owner;
        Refused = refused;
    }

    /// <summary>Babel-routed prefixes per peer (every known peer has an entry, possibly empty).</summary>
    public IReadOnlyDictionary<WireGuardKey, HashSet<IPNetwork>> Routed { get; }

    /// <summary>Prefix → the peer it is programmed into.</summary>
    public IReadOnlyDictionary<IPNetwork, WireGuardKey> Owner { get; }

    public IReadOnlyDictionary<IPNetwork, RouteRefusal> Refused { get; }

    /// <param name="selected">Prefix → next hop (the neighbour's link-local) of the selected route on the WireGuard interface.</param>
    /// <param name="underlayEndpoints">Every peer's current underlay address (as the device reports it, plus configured ones).</param>
    public static AllowedIpsPlan Compute(
        IReadOnlyCollection<WireGuardPeer> peers, IReadOnlyDictionary<IPNetwork, IPAddress> selected, IEnumerable<IPAddress> underlayEndpoints)
    {
        var byLinkLocal = new Dictionary<IPAddress, WireGuardPeer>(peers.Count);
        var routed = new Dictionary<WireGuardKey, HashSet<IPNetwork>>(peers.Count);
        var baseOwner = new Dictionary<IPNetwork, WireGuardKey>();
        var endpoints = underlayEndpoints.Select(Unmapped).Distinct().ToList();
        foreach (var p in peers)
        {
            byLinkLocal[p.LinkLocal] = p;
            routed[p.PublicKey] = [];
            foreach (var b in p.BaseAllowedIps)
                baseOwner[b] = p.PublicKey;
        }

        var owner = new Dictionary<IPNetwork, WireGuardKey>(selected.Count);
        var refused = new Dictionary<IPNetwork, RouteRefusal>();
        foreach (var (prefix, nextHop) in selected)
        {
            if (!byLinkLocal.TryGetValue(nextHop, out var peer))
            {
                refused[prefix] = RouteRefusal.NoSuchPeer;
                continue;
            }
            if (baseOwner.TryGetValue(prefix, out var holder))
            {
                // Its own base prefix is already there; someone else's is never taken away.
                if (holder != peer.PublicKey)
                    refused[prefix] = RouteRefusal.HeldByAnotherPeer;
                continue;
            }
            if (CoversAny(prefix, endpoints))
            {
                refused[prefix] = RouteRefusal.CoversEndpoint;
                continue;
            }
            routed[peer.PublicKey].Add(prefix);
            owner[prefix] = peer.PublicKey;
        }
        return new AllowedIpsPlan(routed, owner, refused);
    }

    private static bool CoversAny(IPNetwork prefix, List<IPAddress> endpoints)
    {
        foreach (var e in endpoints)
        {
            if (prefix.Contains(e))
                return true;
        }
        return false;
    }

    private static IPAddress Unmapped(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
