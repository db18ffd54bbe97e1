namespace Babelwire.Agent.Netlink;

internal enum RouteOperationKind
{
    Add,
    Replace,
    Delete,
}

/// <summary>One change to one kernel route of ours.</summary>
internal readonly record struct RouteOperation(RouteOperationKind Kind, KernelRoute Route)
{
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()} route {Route.Prefix} dev {Route.InterfaceIndex} metric {RouteMessage.KernelMetric(Route)}";
}

/// <summary>The kernel's answer to one <see cref="RouteOperation"/>: errno 0 for success.</summary>
internal readonly record struct RouteOperationResult(RouteOperation Operation, int Errno, string? KernelMessage)
{
    public bool Succeeded => Errno == 0;
}

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
