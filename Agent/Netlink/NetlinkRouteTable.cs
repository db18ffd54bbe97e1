using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// The agent's kernel routes over rtnetlink: <c>PREFIX dev IFINDEX proto 177 metric M</c> in the main table
/// (docs/code-style.md §6). It only ever adds, replaces or deletes routes tagged with <see cref="Protocol"/>: additions use
/// NLM_F_EXCL, so a route someone else installed for the same prefix and metric is left alone (the addition fails
/// and is reported), and the kernel matches the protocol on delete.
/// <para>
/// On first use it reads the routes already tagged as ours (a crash or an earlier run may have left them) and from
/// then on keeps what it knows is programmed: each <see cref="SetAsync"/> sends only the difference, additions and
/// replacements before deletions, in batches of about 500 requests per sendmsg. After a partial failure it
/// remembers what really happened, so the next call retries only the rest, and throws
/// <see cref="KernelRouteException"/>.
/// </para>
/// </summary>
public sealed class NetlinkRouteTable : IRouteTable, IDisposable
{
    /// <summary>
    /// Our rtnetlink routing protocol number (rtm_protocol), 0xB1. Free in the kernel's RTPROT_* list and in
    /// iproute2's /etc/iproute2/rt_protos (babeld is 42, bird 12, bgp 186 … eigrp 192). Operators can name it with
    /// <c>echo "177 babelwire" &gt; /etc/iproute2/rt_protos.d/babelwire.conf</c>; <c>ip route show proto 177</c>
    /// lists our routes.
    /// </summary>
    public const byte Protocol = 0xB1;

    private readonly Func<IRouteKernel> _openKernel;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<RouteKey, KernelRoute> _programmed = [];
    private IRouteKernel? _kernel;
    private bool _loaded;

    /// <param name="networkNamespacePath">
    /// Null for this process's namespace; a path such as <c>/var/run/netns/NAME</c> to program routes in another
    /// (the socket is created there, see <see cref="NetlinkSocket"/>).
    /// </param>
    public NetlinkRouteTable(ILogger<NetlinkRouteTable> logger, string? networkNamespacePath = null)
        : this(() => RtnetlinkRouteKernel.Open(logger, Protocol, networkNamespacePath), logger)
    {
    }

    internal NetlinkRouteTable(Func<IRouteKernel> openKernel, ILogger? logger = null)
    {
        _openKernel = openKernel;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The routes this instance believes are programmed now (what the last calls really achieved).</summary>
    internal IReadOnlyCollection<KernelRoute> Programmed => _programmed.Values;

    public async Task SetAsync(IReadOnlySet<KernelRoute> desired, CancellationToken cancellationToken)
    {
        var wanted = RouteDiff.Index(desired);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var kernel = await LoadAsync(cancellationToken);
            var diff = RouteDiff.Compute(_programmed, wanted);
            if (diff.IsEmpty)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var failures = new List<string>();
            var upserts = diff.Add.Select(r => new RouteOperation(RouteOperationKind.Add, r))
                .Concat(diff.Replace.Select(r => new RouteOperation(RouteOperationKind.Replace, r)))
                .ToList();
            await ApplyAsync(kernel, upserts, failures, cancellationToken);
            await ApplyAsync(kernel, [.. diff.Delete.Select(r => new RouteOperation(RouteOperationKind.Delete, r))], failures, cancellationToken);
            Log.KernelRoutesProgrammed(
                _logger, diff.Add.Count, diff.Replace.Count, diff.Delete.Count, failures.Count,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (failures.Count > 0)
            {
                Log.KernelRoutesFailed(_logger, failures.Count, failures[0]);
                throw new KernelRouteException(failures);
            }
        }
        catch (Exception e) when (e is not KernelRouteException and not ArgumentException)
        {
            // Cancelled mid-batch or the socket failed (lost acks): what the kernel did is unknown, so the next
            // call reads our routes from the kernel again instead of trusting this memory.
            _loaded = false;
            _programmed.Clear();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlySet<KernelRoute>> ReadOwnedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _kernel ??= _openKernel();
            return (await _kernel.ReadOwnedAsync(cancellationToken)).ToHashSet();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _kernel?.Dispose();
        _gate.Dispose();
    }

    private async Task<IRouteKernel> LoadAsync(CancellationToken cancellationToken)
    {
        _kernel ??= _openKernel();
        if (!_loaded)
        {
            var owned = await _kernel.ReadOwnedAsync(cancellationToken);
            foreach (var route in owned)
            {
                _programmed[RouteKey.Of(route)] = route;
            }

            Log.KernelRoutesRead(_logger, owned.Count, Protocol);
            _loaded = true;
        }

        return _kernel;
    }

    private async Task ApplyAsync(IRouteKernel kernel, IReadOnlyList<RouteOperation> operations, List<string> failures, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return;
        }

        foreach (var result in await kernel.ApplyAsync(operations, cancellationToken))
        {
            var operation = result.Operation;
            var key = RouteKey.Of(operation.Route);
            if (result.Succeeded || (operation.Kind == RouteOperationKind.Delete && result.Errno is Errno.NoSuchProcess or Errno.NoSuchFile or Errno.NoDevice))
            {
                // A delete that finds nothing, or no device, leaves the wanted state (someone removed the route, or the
                // device went away and took its routes along).
                if (operation.Kind == RouteOperationKind.Delete)
                {
                    _programmed.Remove(key);
                }
                else
                {
                    _programmed[key] = operation.Route;
                }

                continue;
            }

            var reason = NetlinkException.Describe(operation.ToString(), result.Errno, result.KernelMessage);
            Log.KernelRouteFailed(_logger, reason);
            failures.Add(reason);
        }
    }
}
