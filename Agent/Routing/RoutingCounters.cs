namespace Babelwire.Agent.Routing;

/// <summary>What the route programmer did; read by the status report from another thread, hence Interlocked.</summary>
public sealed class RoutingCounters
{
    private long _passes;
    private long _deviceTransactions;
    private long _peersTouched;
    private long _kernelRouteUpdates;
    private long _failures;
    private long _staleAllowedIpsRemoved;
    private long _staleKernelRoutesRemoved;
    private long _refusedCoversEndpoint;
    private long _refusedHeldByAnotherPeer;
    private long _refusedNoSuchPeer;

    /// <summary>Passes that changed something on the device or in the kernel.</summary>
    public long Passes => Volatile.Read(ref _passes);

    /// <summary>ApplyAsync calls that succeeded: one per pass that changed AllowedIPs.</summary>
    public long DeviceTransactions => Volatile.Read(ref _deviceTransactions);

    /// <summary>Peers sent in those transactions (unchanged peers are not sent).</summary>
    public long PeersTouched => Volatile.Read(ref _peersTouched);

    public long KernelRouteUpdates => Volatile.Read(ref _kernelRouteUpdates);

    /// <summary>Passes that failed and were retried (with backoff) without losing the changes.</summary>
    public long Failures => Volatile.Read(ref _failures);

    public long StaleAllowedIpsRemoved => Volatile.Read(ref _staleAllowedIpsRemoved);

    public long StaleKernelRoutesRemoved => Volatile.Read(ref _staleKernelRoutesRemoved);

    /// <summary>Selected routes refused because they cover a peer's underlay endpoint (counted when a refusal starts).</summary>
    public long RefusedCoversEndpoint => Volatile.Read(ref _refusedCoversEndpoint);

    public long RefusedHeldByAnotherPeer => Volatile.Read(ref _refusedHeldByAnotherPeer);

    public long RefusedNoSuchPeer => Volatile.Read(ref _refusedNoSuchPeer);

    internal void Pass() => Interlocked.Increment(ref _passes);

    internal void Transaction(int peers)
    {
        Interlocked.Increment(ref _deviceTransactions);
        Interlocked.Add(ref _peersTouched, peers);
    }

    internal void KernelRoutes() => Interlocked.Increment(ref _kernelRouteUpdates);

    internal void Failure() => Interlocked.Increment(ref _failures);

    internal void StaleAllowedIps(int count) => Interlocked.Add(ref _staleAllowedIpsRemoved, count);

    internal void StaleKernelRoutes(int count) => Interlocked.Add(ref _staleKernelRoutesRemoved, count);

    internal void Refused(RouteRefusal reason)
    {
        switch (reason)
        {
            case RouteRefusal.CoversEndpoint:
                Interlocked.Increment(ref _refusedCoversEndpoint);
                break;
            case RouteRefusal.HeldByAnotherPeer:
                Interlocked.Increment(ref _refusedHeldByAnotherPeer);
                break;
            default:
                Interlocked.Increment(ref _refusedNoSuchPeer);
                break;
        }
    }

    public IReadOnlyDictionary<string, long> ToDictionary() => new SortedDictionary<string, long>(StringComparer.Ordinal)
    {
        ["passes"] = Passes,
        ["deviceTransactions"] = DeviceTransactions,
        ["peersTouched"] = PeersTouched,
        ["kernelRouteUpdates"] = KernelRouteUpdates,
        ["failures"] = Failures,
        ["staleAllowedIpsRemoved"] = StaleAllowedIpsRemoved,
        ["staleKernelRoutesRemoved"] = StaleKernelRoutesRemoved,
        ["refusedCoversEndpoint"] = RefusedCoversEndpoint,
        ["refusedHeldByAnotherPeer"] = RefusedHeldByAnotherPeer,
        ["refusedNoSuchPeer"] = RefusedNoSuchPeer,
    };
}
