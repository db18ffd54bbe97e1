using System.Net;

namespace Babelwire.Agent.Netlink;

// Implemented over rtnetlink and by the recording in-memory fake.
/// <summary>
/// The kernel routes this agent owns, as desired state (docs/code-style.md §6): routes tagged with our own rtnetlink
/// protocol number, never anything else. Calling <see cref="SetAsync"/> again with the same set changes nothing;
/// it adds before it deletes, and after a partial failure remembers what was really done.
/// </summary>
public interface IRouteTable
{
    Task SetAsync(IReadOnlySet<KernelRoute> desired, CancellationToken cancellationToken);

    /// <summary>The routes with our protocol number that are in the kernel now (for reconciliation at start).</summary>
    Task<IReadOnlySet<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken);
}

/// <summary>A route sending <paramref name="Prefix"/> into interface <paramref name="InterfaceIndex"/> (no gateway: WireGuard's AllowedIPs pick the peer).</summary>
public sealed record KernelRoute(IPNetwork Prefix, int InterfaceIndex, int Metric = 0);
