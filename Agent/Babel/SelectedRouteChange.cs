using System.Net;

namespace Babelwire.Agent.Babel;

public enum RouteChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>
/// A change in the selected route for a prefix: what the next layer turns into AllowedIPs and kernel routes.
/// For <see cref="RouteChangeKind.Removed"/>, Interface and NextHop are those of the route that went away.
/// </summary>
/// <param name="NextHop">The neighbour's address on <paramref name="Interface"/> (the next hop to install).</param>
public sealed record SelectedRouteChange(RouteChangeKind Kind, IPNetwork Prefix, string Interface, IPAddress NextHop, ushort Metric, RouterId Source);
