namespace Babelwire.Agent.Netlink;

/// <summary>
/// A recording fake of the kernel's table of our routes (tailscale's fakeOS, not a no-op): it keeps the routes
/// as a kernel would, counts operations, and can be told to refuse some prefixes to test partial failures. Same
/// rules as <see cref="NetlinkRouteTable"/>: only the difference is applied, additions before deletions, and a
/// refused change is reported with <see cref="KernelRouteException"/> and retried on the next call.
/// </summary>
public sealed class InMemoryRouteTable : IRouteTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RouteKey, KernelRoute> _routes = [];
    private readonly List<string> _operations = [];

    /// <summary>Routes of ours already in the table before the first call (left by an earlier run).</summary>
    public InMemoryRouteTable(IEnumerable<KernelRoute>? initial = null)
    {
        foreach (var route in initial ?? [])
        {
            _routes[RouteKey.Of(route)] = route;
        }
    }

    /// <summary>Prefixes whose addition or replacement the fake kernel refuses (EEXIST-like) until removed from the set.</summary>
    public ISet<System.Net.IPNetwork> Refused { get; } = new HashSet<System.Net.IPNetwork>();

    public IReadOnlySet<KernelRoute> Routes
    {
        get
        {
            lock (_lock)
            {
                return _routes.Values.ToHashSet();
            }
        }
    }

    public int SetCalls { get; private set; }

    public int Added { get; private set; }

    public int Replaced { get; private set; }

    public int Deleted { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Every change applied or refused, in order: <c>add 2001:db8::/64 dev 3 metric 1024</c>.</summary>
    public IReadOnlyList<string> Operations
    {
        get
        {
            lock (_lock)
            {
                return [.. _operations];
            }
        }
    }

    public Task SetAsync(IReadOnlySet<KernelRoute> desired, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wanted = RouteDiff.Index(desired);
        var failures = new List<string>();
        lock (_lock)
        {
            SetCalls++;
            var diff = RouteDiff.Compute(_routes, wanted);
            foreach (var (route, replace) in diff.Add.Select(r => (r, false)).Concat(diff.Replace.Select(r => (r, true))))
            {
                var operation = new RouteOperation(replace ? RouteOperationKind.Replace : RouteOperationKind.Add, route).ToString();
                if (Refused.Contains(route.Prefix))
                {
                    Failed++;
                    failures.Add(NetlinkException.Describe(operation, Errno.Exists, "refused by the in-memory route table"));
                    _operations.Add("refused " + operation);
                    continue;
                }

                _routes[RouteKey.Of(route)] = route;
                _operations.Add(operation);
                if (replace)
                {
                    Replaced++;
                }
                else
                {
                    Added++;
                }
            }

            foreach (var route in diff.Delete)
            {
                _routes.Remove(RouteKey.Of(route));
                _operations.Add(new RouteOperation(RouteOperationKind.Delete, route).ToString());
                Deleted++;
            }
        }

        return failures.Count == 0 ? Task.CompletedTask : Task.FromException(new KernelRouteException(failures));
    }

    public Task<IReadOnlySet<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Routes);
}
