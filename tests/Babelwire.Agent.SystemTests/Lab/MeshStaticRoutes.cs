namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Programs a <see cref="WireGuardMeshLab"/> by hand, as a correct router would for the current underlay: on every
/// host, each other host's overlay /128 and /32 in the AllowedIPs of the next hop on the shortest path, and kernel
/// routes sending them into the interface. It proves the lab relays without any routing daemon, and is the oracle
/// for what the agent must converge to.
/// </summary>
public static class MeshStaticRoutes
{
    /// <summary>
    /// The prefixes <paramref name="host"/> must route through <paramref name="peer"/> (in that peer's AllowedIPs and
    /// nowhere else): those <paramref name="prefixesOf"/> (default: overlay /128 and /32) gives for every host whose
    /// shortest path from <paramref name="host"/>, over the links not <paramref name="down"/>, starts at the peer.
    /// </summary>
    public static IReadOnlySet<string> ExpectedRoutedPrefixes(
        WireGuardMeshLab mesh, MeshHost host, MeshHost peer, IEnumerable<UnderlayLink>? down = null,
        Func<MeshHost, IEnumerable<string>>? prefixesOf = null)
    {
        var downLinks = down?.ToList() ?? [];
        var prefixes = prefixesOf ?? (d => [d.OverlayIPv6Prefix, d.OverlayIPv4Prefix]);
        var routed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var destination in mesh.Hosts.Where(d => d != host))
        {
            if (mesh.ShortestPath(host, destination, downLinks) is { } path && path[1] == peer)
            {
                routed.UnionWith(prefixes(destination));
            }
        }

        return routed;
    }

    /// <summary>Replaces every peer's AllowedIPs and adds the kernel routes, on every host (wireguard-go started by the lab).</summary>
    public static async Task ProgramAsync(WireGuardMeshLab mesh, CancellationToken cancellationToken, IEnumerable<UnderlayLink>? down = null)
    {
        var downLinks = down?.ToList() ?? [];
        foreach (var host in mesh.Hosts)
        {
            List<string> set = [];
            foreach (var peer in mesh.Hosts.Where(p => p != host))
            {
                var allowed = ExpectedRoutedPrefixes(mesh, host, peer, downLinks).Prepend($"{peer.LabLinkLocal}/128");
                set.AddRange(["peer", peer.Keys.PublicKey, "allowed-ips", string.Join(',', allowed)]);
            }

            await mesh.WireGuardOf(host).SetAsync(set, cancellationToken);
            foreach (var destination in mesh.Hosts.Where(d => d != host))
            {
                foreach (var address in new[] { destination.OverlayIPv6Prefix, destination.OverlayIPv4Prefix })
                {
                    await NetworkLab.ExecCheckedAsync(
                        host.Namespace, "ip", ["route", "replace", address, "dev", host.WireGuardInterface, "proto", "static"], cancellationToken);
                }
            }
        }
    }
}
