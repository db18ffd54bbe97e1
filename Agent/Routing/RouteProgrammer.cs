using System.Net;
using System.Threading.Channels;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Routing;

/// <summary>
/// Turns the engine's selected-route changes into desired state (docs/code-style.md §6): every prefix selected via neighbour N
/// is in N's AllowedIPs and no other peer's, with a kernel route <c>prefix dev IFACE</c> (our protocol number).
/// <para>
/// The engine loop only records changes (<see cref="Submit"/>, no I/O, never blocks); one worker
/// (<see cref="RunAsync"/>) computes the plan and sends the difference from what it last applied: one
/// <see cref="IWireGuardDevice.ApplyAsync"/> per pass, listing only the peers whose AllowedIPs change. Because the
/// input is a desired state rather than a queue, nothing is lost when the device fails: the pass is retried with
/// backoff from the latest state.
/// </para>
/// </summary>
public sealed class RouteProgrammer
{
    private readonly string _interface;
    private readonly IWireGuardDevice _device;
    private readonly IRouteTable _routes;
    private readonly OwnedAllowedIpsStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RouteProgrammerOptions _options;
    private readonly Channel<bool> _kick = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    // Guarded by _gate: written by the engine loop (Submit), the peer watcher (ObserveDevice) and the peer source.
    private readonly Lock _gate = new();
    private readonly Dictionary<IPNetwork, IPAddress> _selected = [];
    private readonly Dictionary<WireGuardKey, WireGuardPeer> _configured = [];
    private readonly Dictionary<WireGuardKey, WireGuardPeer> _found = [];
    private readonly HashSet<WireGuardKey> _vanished = [];

    /// <summary>Peers the source no longer lists: removed from the device, and not taken as found while they are still there.</summary>
    private readonly HashSet<WireGuardKey> _unconfigured = [];
    private HashSet<IPAddress> _deviceEndpoints = [];
    private HashSet<IPNetwork> _ownedAtStart = [];
    private long _version;

    // Worker only.
    private readonly Dictionary<WireGuardKey, HashSet<IPNetwork>> _applied = [];
    private readonly Dictionary<WireGuardKey, (IPEndPoint? Endpoint, TimeSpan? Keepalive)> _appliedPeerConfig = [];
    private Dictionary<WireGuardKey, HashSet<IPNetwork>> _owned = [];
    private HashSet<KernelRoute>? _appliedRoutes;
    private Dictionary<IPNetwork, RouteRefusal> _lastRefused = [];

    private volatile ProgrammedRoutes _status = ProgrammedRoutes.Empty;

    public RouteProgrammer(
        string interfaceName, IWireGuardDevice device, IRouteTable routes, OwnedAllowedIpsStore? store, TimeProvider time, ILogger logger,
        RouteProgrammerOptions? options = null)
    {
        _interface = interfaceName;
        _device = device;
        _routes = routes;
        _store = store;
        _time = time;
        _logger = logger;
        _options = options ?? new RouteProgrammerOptions();
    }

    /// <summary>The WireGuard interface's index, for kernel routes. Set before the first pass.</summary>
    public int InterfaceIndex { get; set; }

    public RoutingCounters Counters { get; } = new();

    public ProgrammedRoutes Status => _status;

    /// <summary>Every peer known now (configured and found on the device), by public key.</summary>
    public IReadOnlyList<WireGuardPeer> Peers()
    {
        lock (_gate)
            return [.. AllPeers()];
    }

    /// <summary>Records selected-route changes from the engine loop; changes on other interfaces are not ours. Never blocks.</summary>
    public void Submit(IReadOnlyList<SelectedRouteChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var any = false;
        lock (_gate)
        {
            foreach (var c in changes)
            {
                if (c.Interface != _interface)
                    continue;
                if (c.Kind == RouteChangeKind.Removed)
                    _selected.Remove(c.Prefix);
                else
                    _selected[c.Prefix] = WithoutScope(c.NextHop);
                any = true;
            }
            if (any)
                _version++;
        }
        if (any)
            _kick.Writer.TryWrite(true);
    }

    /// <summary>The peers the agent is told to have (config file, later the controller): created, kept and re-created if removed.</summary>
    public void SetConfiguredPeers(IEnumerable<WireGuardPeer> peers)
    {
        lock (_gate)
        {
            var before = _configured.Keys.ToHashSet();
            _configured.Clear();
            foreach (var p in peers)
                _configured[p.PublicKey] = p;
            foreach (var key in before.Where(k => !_configured.ContainsKey(k)))
                _unconfigured.Add(key);
            _unconfigured.ExceptWith(_configured.Keys);
            _version++;
        }
        _kick.Writer.TryWrite(true);
    }

    /// <summary>
    /// What the peer watcher read from the device: peers added by other tools become neighbours (their AllowedIPs
    /// at first sight, minus what we own, are their base and never removed); peers that vanished are forgotten, and
    /// a configured one is re-created.
    /// </summary>
    public void ObserveDevice(DeviceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var changed = false;
        lock (_gate)
        {
            var present = new HashSet<WireGuardKey>(state.Peers.Count);
            foreach (var p in state.Peers)
            {
                present.Add(p.PublicKey);
                if (_configured.ContainsKey(p.PublicKey) || _found.ContainsKey(p.PublicKey) || _unconfigured.Contains(p.PublicKey))
                    continue;
                var foreign = p.AllowedIps.Where(a => !_ownedAtStart.Contains(a) && !_selected.ContainsKey(a));
                _found[p.PublicKey] = WireGuardPeer.Create(p.PublicKey, foreign);
                changed = true;
            }
            foreach (var key in _found.Keys.Where(k => !present.Contains(k)).ToList())
            {
                _found.Remove(key);
                _vanished.Add(key);
                changed = true;
            }
            foreach (var key in _configured.Keys.Where(k => !present.Contains(k)))
                changed |= _vanished.Add(key);
            _unconfigured.IntersectWith(present);
            _deviceEndpoints = [.. state.Peers.Where(p => p.Endpoint is not null).Select(p => p.Endpoint!.Address)];
            if (changed)
                _version++;
        }
        if (changed)
            _kick.Writer.TryWrite(true);
    }

    /// <summary>
    /// At start, before the engine runs: loads the record of what we own, takes the device's peers as found,
    /// and makes one pass with no Babel routes, which removes the stale entries we own (and kernel routes with
    /// our protocol number) and creates the configured peers. Entries we do not own are never touched.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        _owned = _store?.Load() ?? [];
        var state = await _device.ReadAsync(cancellationToken).ConfigureAwait(false);
        var stale = 0;
        lock (_gate)
        {
            _ownedAtStart = [.. _owned.Values.SelectMany(s => s)];
            foreach (var p in state.Peers)
            {
                _applied[p.PublicKey] = [.. p.AllowedIps];
                if (_owned.TryGetValue(p.PublicKey, out var ours))
                    stale += p.AllowedIps.Count(ours.Contains);
            }
        }
        ObserveDevice(state);
        lock (_gate)
            _vanished.Clear();   // nothing was applied yet: there is nothing to forget
        var kernel = await _routes.ReadOwnedAsync(cancellationToken).ConfigureAwait(false);
        _appliedRoutes = [.. kernel];
        await ProgramOnceAsync(cancellationToken).ConfigureAwait(false);
        var staleRoutes = kernel.Count(r => !_appliedRoutes.Contains(r));
        Counters.StaleAllowedIps(stale);
        Counters.StaleKernelRoutes(staleRoutes);
        Log.Reconciled(_logger, _interface, state.Peers.Count, stale, staleRoutes);
    }

    /// <summary>The worker: one pass per kick (after a short debounce); a failed pass is retried with backoff.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = _options.RetryMin;
        try
        {
            while (await _kick.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _kick.Reader.TryRead(out _);
                if (_options.Debounce > TimeSpan.Zero)
                    await Task.Delay(_options.Debounce, _time, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    try
                    {
                        await ProgramOnceAsync(cancellationToken).ConfigureAwait(false);
                        backoff = _options.RetryMin;
                        break;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
#pragma warning disable CA1031 // Any device or kernel failure is retried; the desired state is kept, so nothing is lost.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        Counters.Failure();
                        _status = _status with { Pending = true, LastError = e.Message };
                        Log.ProgrammingFailed(_logger, _interface, e.Message, backoff);
                        await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                        backoff = backoff * 2 > _options.RetryMax ? _options.RetryMax : backoff * 2;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>On shutdown of an interface we keep (adopted): every Babel route out of AllowedIPs and the kernel, base entries kept.</summary>
    public async Task WithdrawAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _selected.Clear();
            _version++;
        }
        await ProgramOnceAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One pass: plan from the latest desired state, one device transaction for the peers that change, then the
    /// kernel routes. Throws when the device or the kernel refuses; what was applied before the failure is kept.
    /// </summary>
    public async Task ProgramOnceAsync(CancellationToken cancellationToken)
    {
        List<WireGuardPeer> peers;
        Dictionary<IPNetwork, IPAddress> selected;
        List<IPAddress> endpoints;
        List<WireGuardKey> removing;
        long version;
        lock (_gate)
        {
            version = _version;
            peers = [.. AllPeers()];
            removing = [.. _unconfigured.Where(k => _applied.ContainsKey(k) && !_found.ContainsKey(k))];
            selected = new Dictionary<IPNetwork, IPAddress>(_selected);
            endpoints = [.. _deviceEndpoints, .. peers.Where(p => p.Endpoint is not null).Select(p => p.Endpoint!.Address)];
            foreach (var key in _vanished)
            {
                _applied.Remove(key);
                _appliedPeerConfig.Remove(key);
            }
            _vanished.Clear();
        }

        var plan = AllowedIpsPlan.Compute(peers, selected, endpoints);
        CountRefusals(plan);
        var changed = false;

        var configs = new List<PeerConfig>();
        var applying = new Dictionary<WireGuardKey, HashSet<IPNetwork>>();
        foreach (var peer in peers)
        {
            var desired = new HashSet<IPNetwork>(peer.BaseAllowedIps);
            desired.UnionWith(plan.Routed[peer.PublicKey]);
            var peerConfig = (peer.Endpoint, peer.PersistentKeepalive);
            var configChanged = peer.Configured && (!_appliedPeerConfig.TryGetValue(peer.PublicKey, out var was) || was != peerConfig);
            if (!configChanged && _applied.TryGetValue(peer.PublicKey, out var current) && current.SetEquals(desired))
                continue;
            configs.Add(new PeerConfig(
                peer.PublicKey, desired, configChanged ? peer.Endpoint : null, configChanged ? peer.PersistentKeepalive : null));
            applying[peer.PublicKey] = desired;
        }

        var owned = plan.Routed.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (configs.Count > 0 || removing.Count > 0)
        {
            // Record first what may be ours after the transaction, so a crash during it leaves nothing unrecorded.
            SaveOwned(Union(_owned, owned));
            Log.Transaction(_logger, _interface, configs.Count + removing.Count, plan.Owner.Count);
            await _device.ApplyAsync(new DeviceConfig(configs) { RemovePeers = removing }, cancellationToken).ConfigureAwait(false);
            foreach (var (key, set) in applying)
                _applied[key] = set;
            foreach (var key in removing)
            {
                _applied.Remove(key);
                _appliedPeerConfig.Remove(key);
            }
            foreach (var peer in peers.Where(p => p.Configured))
                _appliedPeerConfig[peer.PublicKey] = (peer.Endpoint, peer.PersistentKeepalive);
            Counters.Transaction(configs.Count);
            changed = true;
        }
        if (!SameOwnership(_owned, owned))
        {
            SaveOwned(owned);
            _owned = owned;
        }

        var desiredRoutes = new HashSet<KernelRoute>();
        if (InterfaceIndex > 0)
        {
            foreach (var prefix in plan.Owner.Keys)
                desiredRoutes.Add(new KernelRoute(prefix, InterfaceIndex));
            foreach (var peer in peers)
            {
                foreach (var prefix in peer.RoutedBase ?? new HashSet<IPNetwork>())
                    desiredRoutes.Add(new KernelRoute(prefix, InterfaceIndex));
            }
        }
        if (_appliedRoutes is null || !_appliedRoutes.SetEquals(desiredRoutes))
        {
            await _routes.SetAsync(desiredRoutes, cancellationToken).ConfigureAwait(false);
            _appliedRoutes = desiredRoutes;
            Counters.KernelRoutes();
            changed = true;
        }
        if (changed)
            Counters.Pass();

        bool pending;
        lock (_gate)
            pending = _version != version;
        _status = new ProgrammedRoutes(plan.Owner, plan.Refused, pending, null);
    }

    private static IPAddress WithoutScope(IPAddress a) => a.ScopeId != 0 ? new IPAddress(a.GetAddressBytes()) : a;

    /// <summary>Peers configured win over the same key found on the device. Caller holds the lock.</summary>
    private IEnumerable<WireGuardPeer> AllPeers()
        => _configured.Values.Concat(_found.Values.Where(p => !_configured.ContainsKey(p.PublicKey)));

    private void CountRefusals(AllowedIpsPlan plan)
    {
        foreach (var (prefix, reason) in plan.Refused)
        {
            if (_lastRefused.TryGetValue(prefix, out var was) && was == reason)
                continue;
            Counters.Refused(reason);
            if (reason == RouteRefusal.CoversEndpoint)
                Log.RouteCoversEndpoint(_logger, prefix, _interface);
        }
        _lastRefused = new Dictionary<IPNetwork, RouteRefusal>(plan.Refused);
    }

    private void SaveOwned(IReadOnlyDictionary<WireGuardKey, HashSet<IPNetwork>> owned)
    {
        try
        {
            _store?.Save(owned);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Degraded, not fatal: only a restart's clean-up depends on it.
            Log.OwnedRecordFailed(_logger, _store!.Path, e.Message);
        }
    }

    private static Dictionary<WireGuardKey, HashSet<IPNetwork>> Union(
        Dictionary<WireGuardKey, HashSet<IPNetwork>> a, Dictionary<WireGuardKey, HashSet<IPNetwork>> b)
    {
        var result = a.ToDictionary(kv => kv.Key, kv => new HashSet<IPNetwork>(kv.Value));
        foreach (var (key, set) in b)
        {
            if (result.TryGetValue(key, out var existing))
                existing.UnionWith(set);
            else
                result[key] = [.. set];
        }
        return result;
    }

    private static bool SameOwnership(Dictionary<WireGuardKey, HashSet<IPNetwork>> a, Dictionary<WireGuardKey, HashSet<IPNetwork>> b)
    {
        var aCount = a.Count(kv => kv.Value.Count > 0);
        if (aCount != b.Count)
            return false;
        foreach (var (key, set) in b)
        {
            if (!a.TryGetValue(key, out var other) || !other.SetEquals(set))
                return false;
        }
        return true;
    }
}
