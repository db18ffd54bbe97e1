using Babelwire.Agent.Netlink;

namespace Babelwire.Agent.Tests.Netlink;

/// <summary>
/// A recording kernel beneath NetlinkRouteTable (tailscale's fakeOS): a table of our routes keyed as the kernel
/// keys them, every operation in order, and prefixes to refuse with an errno.
/// </summary>
internal sealed class FakeRouteKernel : IRouteKernel
{
    public FakeRouteKernel(params KernelRoute[] owned)
    {
        foreach (var route in owned)
        {
            Table[RouteKey.Of(route)] = route;
        }
    }

    public Dictionary<RouteKey, KernelRoute> Table { get; } = [];

    public List<RouteOperation> Log { get; } = [];

    public int Reads { get; private set; }

    public int ApplyCalls { get; private set; }

    /// <summary>Prefix → errno the kernel answers for any operation on it.</summary>
    public Dictionary<System.Net.IPNetwork, int> Refuse { get; } = [];

    public Task<IReadOnlyList<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<KernelRoute>>([.. Table.Values]);
    }

    public Task<IReadOnlyList<RouteOperationResult>> ApplyAsync(IReadOnlyList<RouteOperation> operations, CancellationToken cancellationToken)
    {
        ApplyCalls++;
        var results = new List<RouteOperationResult>();
        foreach (var operation in operations)
        {
            Log.Add(operation);
            var key = RouteKey.Of(operation.Route);
            var errno = Refuse.GetValueOrDefault(operation.Route.Prefix);
            if (errno == 0)
            {
                switch (operation.Kind)
                {
                    case RouteOperationKind.Add when Table.ContainsKey(key):
                        errno = Errno.Exists;
                        break;
                    case RouteOperationKind.Delete when !Table.Remove(key):
                        errno = Errno.NoSuchProcess;
                        break;
                    case RouteOperationKind.Add or RouteOperationKind.Replace:
                        Table[key] = operation.Route;
                        break;
                }
            }

            results.Add(new RouteOperationResult(operation, errno, null));
        }

        return Task.FromResult<IReadOnlyList<RouteOperationResult>>(results);
    }

    public void Dispose()
    {
    }
}
