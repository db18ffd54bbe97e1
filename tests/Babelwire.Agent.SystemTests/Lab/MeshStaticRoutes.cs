namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// Programs a <see cref="WireGuardMeshLab"/> by hand, as a correct router would for the current underlay: on every
/// host, each other host's overlay /128 and /32 in the AllowedIPs of the next hop on the shortest path, and kernel
/// routes sending them into the interface. It proves the lab relays without any routing daemon, and is the oracle
/// for what the agent must converge to.
/// </summary>
public static class MeshStaticRoutes
{
    /// <summary>What <paramref name="host"/>'s peer <paramref name="peer"/> must allow: its link-local plus the overlay of every host reached through it.</summary>
    public static IReadOnlySet<string> ExpectedAllowedIps(
        WireGuardMeshLab mesh, MeshHost host, MeshHost peer, IEnumerable<UnderlayLink>? down = null, bool includeLinkLocal = true)
    {
        var downLinks = down?.ToList() ?? [];
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        if (includeLinkLocal)
        {
            allowed.Add($"{peer.LabLinkLocal}/128");
        }

        foreach (var destination in mesh.Hosts.Where(d => d != host))
        {
            if (mesh.ShortestPath(host, destination, downLinks) is { } path && path[1] == peer)
            {
                allowed.Add(destination.OverlayIPv6Prefix);
                allowed.Add(destination.OverlayIPv4Prefix);
            }
        }

        return allowed;
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
                set.AddRange(["peer", peer.Keys.PublicKey, "allowed-ips", string.Join(',', ExpectedAllowedIps(mesh, host, peer, downLinks))]);
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
