namespace Babelwire.Agent.Netlink;

/// <summary>
/// What to change to go from the routes we know we programmed to the desired ones (tailscale's cidrDiff):
/// additions and replacements first, deletions last, so a prefix that moves never goes missing.
/// </summary>
internal sealed record RouteDiff(IReadOnlyList<KernelRoute> Add, IReadOnlyList<KernelRoute> Replace, IReadOnlyList<KernelRoute> Delete)
{
    public bool IsEmpty => Add.Count == 0 && Replace.Count == 0 && Delete.Count == 0;

    /// <summary>Indexes <paramref name="desired"/> by kernel key; two desired routes with one key are a caller error.</summary>
    public static Dictionary<RouteKey, KernelRoute> Index(IReadOnlySet<KernelRoute> desired)
    {
        var wanted = new Dictionary<RouteKey, KernelRoute>(desired.Count);
        foreach (var route in desired)
        {
            if (!wanted.TryAdd(RouteKey.Of(route), route))
            {
                throw new ArgumentException(
                    $"two desired routes for {route.Prefix} metric {route.Metric} (devices {wanted[RouteKey.Of(route)].InterfaceIndex} and {route.InterfaceIndex}): the kernel keeps one",
                    nameof(desired));
            }
        }

        return wanted;
    }

    public static RouteDiff Compute(IReadOnlyDictionary<RouteKey, KernelRoute> programmed, IReadOnlyDictionary<RouteKey, KernelRoute> wanted)
    {
        var add = new List<KernelRoute>();
        var replace = new List<KernelRoute>();
        foreach (var (key, route) in wanted)
        {
            if (!programmed.TryGetValue(key, out var current))
            {
                add.Add(route);
            }
            else if (current.InterfaceIndex != route.InterfaceIndex)
            {
                replace.Add(route);
            }
        }

        var delete = programmed.Where(p => !wanted.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        return new RouteDiff(add, replace, delete);
    }
}
