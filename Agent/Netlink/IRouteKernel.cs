namespace Babelwire.Agent.Netlink;

/// <summary>
/// The kernel beneath <see cref="NetlinkRouteTable"/>: rtnetlink in production (<see cref="RtnetlinkRouteKernel"/>),
/// a recording fake in tests (as tailscale's router sits on its fakeOS).
/// </summary>
internal interface IRouteKernel : IDisposable
{
    /// <summary>Routes with our protocol number in the main table, both families.</summary>
    Task<IReadOnlyList<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken);

    /// <summary>Applies the operations in order; one result each, in order; one failure does not stop the rest.</summary>
    Task<IReadOnlyList<RouteOperationResult>> ApplyAsync(IReadOnlyList<RouteOperation> operations, CancellationToken cancellationToken);
}
