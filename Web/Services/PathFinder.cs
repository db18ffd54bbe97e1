using System.Net;
using System.Net.Sockets;
using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Web.Services;

/// <summary>One direction of a path: the nodes a packet visits, from the source to where it arrives or stops.</summary>
/// <param name="Problem">Why the walk stopped short (no route, an unknown next hop, a loop); null when it arrived.</param>
public sealed record PathTrace(IReadOnlyList<Guid> Hops, string? Problem)
{
    public bool Complete => Problem is null;
}

/// <summary>The path between two nodes, both ways, as the routes the nodes selected send traffic now.</summary>
/// <param name="Asymmetric">Both directions arrive, but the reverse is not the forward path reversed. WireGuard drops a
/// packet arriving from a peer whose AllowedIPs lack the sender's address, so on an asymmetric path replies can be lost.</param>
public sealed record PathReport(AddressFamily Family, PathTrace Forward, PathTrace Reverse, bool Asymmetric)
{
    public bool Broken => !Forward.Complete || !Reverse.Complete;
}

/// <summary>
/// Follows the selected routes of a <see cref="MeshView"/> hop by hop. From node X towards node Y: X's route whose
/// prefix covers Y's overlay address (the longest such prefix), then its next hop's route, and so on; a route whose
/// next hop is Y itself ends the path. The walk is bounded by the number of nodes, so a loop is reported, not followed.
/// </summary>
public static class PathFinder
{
    public static PathReport Find(MeshView view, Guid from, Guid to, AddressFamily family = AddressFamily.InterNetworkV6)
    {
        var routes = Parse(view.Routes, family);
        var forward = Trace(view, routes, from, to, family);
        var reverse = Trace(view, routes, to, from, family);
        var asymmetric = forward.Complete && reverse.Complete && !forward.Hops.SequenceEqual(reverse.Hops.Reverse());
        return new PathReport(family, forward, reverse, asymmetric);
    }

    /// <summary>The ids of the map's nodes and edges on either direction of the path (for the map's highlight).</summary>
    public static IReadOnlyList<string> HighlightIds(MeshView view, PathReport report)
    {
        var edges = new Dictionary<(Guid, Guid), string>();
        foreach (var link in view.Links)
        {
            var id = LinkQuality.EdgeId(link.NodeA, link.NodeB);
            edges[(link.NodeA, link.NodeB)] = id;
            edges[(link.NodeB, link.NodeA)] = id;
        }
        var ids = new List<string>();
        foreach (var hops in new[] { report.Forward.Hops, report.Reverse.Hops })
        {
            for (var i = 0; i < hops.Count; i++)
            {
                ids.Add(hops[i].ToString());
                if (i > 0 && edges.TryGetValue((hops[i - 1], hops[i]), out var edge))
                    ids.Add(edge);
            }
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static PathTrace Trace(MeshView view, ILookup<Guid, (IPNetwork Prefix, MeshRouteDto Route)> routes, Guid from, Guid to, AddressFamily family)
    {
        var nodes = view.Nodes.ToDictionary(n => n.Id);
        if (!nodes.TryGetValue(from, out var source))
            return new PathTrace([], "the source node is not in the mesh");
        if (!nodes.TryGetValue(to, out var destination))
            return new PathTrace([from], "the destination node is not in the mesh");
        if (!TryAddress(destination, family, out var address))
            return new PathTrace([from], $"{destination.Name} has no overlay {FamilyName(family)} address");

        var hops = new List<Guid> { from };
        var current = source;
        for (var step = 0; step <= nodes.Count; step++)
        {
            if (current.Id == to)
                return new PathTrace(hops, null);
            var route = routes[current.Id]
                .Where(r => r.Prefix.Contains(address))
                .OrderByDescending(r => r.Prefix.PrefixLength)
                .Select(r => r.Route)
                .FirstOrDefault();
            if (route is null)
                return new PathTrace(hops, $"{current.Name} has no route to {destination.Name} ({address})");
            if (route.NextHopNodeId is not { } next || !nodes.TryGetValue(next, out var nextNode))
                return new PathTrace(hops, $"{current.Name}'s route {route.Prefix} goes to {route.NextHop}, which is not a known node");
            if (hops.Contains(next))
            {
                hops.Add(next);
                return new PathTrace(hops, $"routing loop: {current.Name} sends it back to {nextNode.Name}");
            }
            hops.Add(next);
            current = nextNode;
        }
        return new PathTrace(hops, "the path is longer than the mesh has nodes");
    }

    private static ILookup<Guid, (IPNetwork Prefix, MeshRouteDto Route)> Parse(IReadOnlyList<MeshRouteDto> routes, AddressFamily family) =>
        routes
            .Select(r => (Ok: IPNetwork.TryParse(r.Prefix, out var prefix), Prefix: prefix, Route: r))
            .Where(r => r.Ok && r.Prefix.BaseAddress.AddressFamily == family)
            .ToLookup(r => r.Route.NodeId, r => (r.Prefix, r.Route));

    private static bool TryAddress(NodeDto node, AddressFamily family, out IPAddress address)
    {
        var text = family == AddressFamily.InterNetworkV6 ? node.OverlayIPv6 : node.OverlayIPv4;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (IPAddress.TryParse(slash < 0 ? text : text[..slash], out var parsed) && parsed.AddressFamily == family)
        {
            address = parsed;
            return true;
        }
        address = IPAddress.None;
        return false;
    }

    public static string FamilyName(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
