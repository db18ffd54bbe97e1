using System.Net;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Compares what every live host of a <see cref="WireGuardMeshLab"/> has programmed (each peer's AllowedIPs, and
/// kernel routes into the WireGuard interface) with what shortest paths over the usable underlay demand
/// (<see cref="MeshStaticRoutes.ExpectedRoutedPrefixes"/>). Link-local and multicast entries in AllowedIPs are the
/// Babel plumbing, not routes, and are left out of the comparison.
/// </summary>
public static class MeshConvergence
{
    /// <summary>Every difference between the programmed state and the expected one; empty when the mesh is converged.</summary>
    public static async Task<IReadOnlyList<string>> DiscrepanciesAsync(
        WireGuardMeshLab mesh, IReadOnlyCollection<MeshHost> live, IEnumerable<UnderlayLink> down,
        Func<MeshHost, IEnumerable<string>> prefixesOf, CancellationToken cancellationToken)
    {
        // A dead host relays nothing a routing protocol knows of: its links count as down.
        var unusable = down.Concat(mesh.Links.Where(l => !live.Contains(l.A) || !live.Contains(l.B))).Distinct().ToList();
        var problems = new List<string>();
        foreach (var host in live)
        {
            var dump = await WireGuardDump.ReadAsync(host.Namespace, host.WireGuardInterface, cancellationToken);
            foreach (var peer in mesh.Hosts.Where(p => p != host))
            {
                var expected = MeshStaticRoutes.ExpectedRoutedPrefixes(mesh, host, peer, unusable, prefixesOf);
                var actual = RoutedPrefixes(dump.PeerWithKey(peer.Keys.PublicKey)?.AllowedIps ?? new HashSet<string>());
                if (!actual.SetEquals(expected))
                {
                    problems.Add($"{host}: peer {peer} allows [{string.Join(", ", actual.Order(StringComparer.Ordinal))}], "
                        + $"expected [{string.Join(", ", expected.Order(StringComparer.Ordinal))}]");
                }
            }

            var routes = KernelRouteTable.Destinations(await KernelRouteTable.ReadAsync(host.Namespace, host.WireGuardInterface, cancellationToken));
            foreach (var destination in mesh.Hosts.Where(d => d != host))
            {
                var reachable = live.Contains(destination) && mesh.ShortestPath(host, destination, unusable) is not null;
                foreach (var prefix in prefixesOf(destination))
                {
                    if (routes.Contains(prefix) != reachable)
                    {
                        problems.Add($"{host}: kernel route to {prefix} ({destination}) {(reachable ? "missing" : "still there")}");
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>Polls until <see cref="DiscrepanciesAsync"/> finds nothing; returns how long that took. Throws, listing what is still wrong, after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(
        WireGuardMeshLab mesh, IReadOnlyCollection<MeshHost> live, IEnumerable<UnderlayLink> down, Func<MeshHost, IEnumerable<string>> prefixesOf,
        TimeSpan timeout, CancellationToken cancellationToken, Func<string>? diagnostics = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        var downLinks = down.ToList();
        await Poll.UntilAsync(
            "the mesh's AllowedIPs and kernel routes to match the shortest paths",
            async ct => string.Join('\n', await DiscrepanciesAsync(mesh, live, downLinks, prefixesOf, ct)),
            problems => problems.Length == 0, timeout, TimeSpan.FromMilliseconds(250), cancellationToken, diagnostics);
        return TimeProvider.System.GetElapsedTime(started);
    }

    /// <summary>AllowedIPs entries that are routes: without link-locals (fe80::/10) and multicast (ff00::/8).</summary>
    public static IReadOnlySet<string> RoutedPrefixes(IEnumerable<string> allowedIps) =>
        allowedIps.Where(p => !IsPlumbing(p)).ToHashSet(StringComparer.Ordinal);

    private static bool IsPlumbing(string prefix)
    {
        var network = IPNetwork.Parse(prefix);
        return network.BaseAddress.IsIPv6LinkLocal || network.BaseAddress.IsIPv6Multicast;
    }
}
