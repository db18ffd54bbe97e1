using System.Net;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// What identifies a route in the kernel's main table: its prefix and metric (the kernel's key is destination and
/// priority, plus TOS for IPv4, always 0 here). Two routes with one key and different devices are a replacement,
/// not two routes.
/// </summary>
internal readonly record struct RouteKey(IPNetwork Prefix, int Metric)
{
    public static RouteKey Of(KernelRoute route) => new(route.Prefix, RouteMessage.KernelMetric(route));
}
