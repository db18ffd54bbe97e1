namespace Babelwire.Agent.Netlink;

/// <summary>One change to one kernel route of ours.</summary>
internal readonly record struct RouteOperation(RouteOperationKind Kind, KernelRoute Route)
{
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()} route {Route.Prefix} dev {Route.InterfaceIndex} metric {RouteMessage.KernelMetric(Route)}";
}
