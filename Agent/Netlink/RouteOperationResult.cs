namespace Babelwire.Agent.Netlink;

/// <summary>The kernel's answer to one <see cref="RouteOperation"/>: errno 0 for success.</summary>
internal readonly record struct RouteOperationResult(RouteOperation Operation, int Errno, string? KernelMessage)
{
    public bool Succeeded => Errno == 0;
}
