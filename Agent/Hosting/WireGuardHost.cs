using System.Net;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.Netlink;
using Babelwire.Agent.Routing;
using Babelwire.Agent.Status;
using Babelwire.Agent.WireGuard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// The WireGuard interface of the <c>wireguard</c> section. At start (before the engine loop): the key pair, the
/// interface created or adopted, the link configured (the link-local derived from our public key, overlay
/// addresses, MTU, up), the configured peers applied and stale entries we own removed. Then two tasks: the peer
/// watcher (reads the device every <see cref="WireGuardOptions.PeerCheckInterval"/>: peers become Babel neighbours,
/// counters and handshakes are kept for status) and the route programmer's worker.
/// </summary>
public sealed class WireGuardHost(
    IOptions<AgentOptions> options,
    IWireGuardBackendFactory backends,
    ILinkConfigurator links,
    IRouteTable routes,
    IPeerSource peerSource,
    AgentInbox inbox,
    WireGuardCounters counters,
    AgentExit exit,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService, ISelectedRouteSink, IStatusContributor
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly AgentOptions _agent = options.Value;
    private readonly WireGuardOptions _options = options.Value.WireGuard ?? throw new InvalidOperationException("no wireguard section");
    private readonly ILogger _logger = loggerFactory.CreateLogger<WireGuardHost>();

    private OpenedWireGuardDevice? _opened;
    private RouteProgrammer? _programmer;
    private WireGuardKey? _publicKey;
    private IPAddress _linkLocal = IPAddress.IPv6None;
    private int _index;
    private volatile DeviceState? _lastState;
    private HashSet<IPAddress> _neighbours = [];
    private bool _readFailing;

    /// <summary>Link-locals of the current peers, read by the engine loop to filter datagrams (swapped whole).</summary>
    private volatile HashSet<IPAddress> _peerLinkLocals = [];

    public string InterfaceName => _options.Interface;

    public RouteProgrammer? Programmer => _programmer;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var stage = "private key";
        try
        {
            var keyFile = _options.PrivateKeyFile ?? Path.Combine(_agent.StateDirectory, "wireguard.key");
            var privateKey = WireGuardKeyFile.LoadOrCreate(keyFile, out var created);
            if (created)
                Log.WireGuardKeyCreated(_logger, keyFile);

            stage = $"interface {_options.Interface}";
            _opened = await backends.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
            var device = _opened.Device;
            var state = await device.ReadAsync(cancellationToken).ConfigureAwait(false);
            var useOurKey = _options.Mode == WireGuardMode.Create || state.PublicKey is null;
            _publicKey = useOurKey ? privateKey.DerivePublicKey() : state.PublicKey;
            if (useOurKey || _options.ListenPort is not null)
            {
                await device.ApplyAsync(
                    new DeviceConfig([]) { PrivateKey = useOurKey ? privateKey : null, ListenPort = _options.ListenPort }, cancellationToken).ConfigureAwait(false);
            }
            _linkLocal = LinkLocalAddress.FromPublicKey(_publicKey!.Value);

            stage = $"link {_options.Interface}";
            List<InterfaceAddress> addresses = [new(_linkLocal, 64), .. _options.Addresses.Select(a => new InterfaceAddress(a.BaseAddress, a.PrefixLength))];
            _index = await links.ConfigureAsync(new LinkConfig(_options.Interface, _options.Mtu, addresses), cancellationToken).ConfigureAwait(false);
            if (_options.Forwarding)
            {
                stage = "forwarding sysctls";
                await ForwardingSysctls.ApplyAsync(_options.Interface, cancellationToken).ConfigureAwait(false);
            }

            stage = "AllowedIPs reconciliation";
            _programmer = new RouteProgrammer(
                _options.Interface, device, routes,
                new OwnedAllowedIpsStore(Path.Combine(_agent.StateDirectory, OwnedAllowedIpsStore.DefaultFileName)),
                time, loggerFactory.CreateLogger<RouteProgrammer>())
            { InterfaceIndex = _index };
            _programmer.SetConfiguredPeers(peerSource.Peers);
            peerSource.Changed += () => _programmer.SetConfiguredPeers(peerSource.Peers);
            await _programmer.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
            Log.WireGuardReady(_logger, _options.Interface, _opened.Backend, _publicKey.Value.ToString(), _linkLocal, _index, _neighbours.Count);
        }
#pragma warning disable CA1031 // Whatever stops the interface from coming up, the operator gets one line naming the stage, and the agent stops.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.WireGuardFailed(_logger, stage, e.Message);
            await DisposeOpenedAsync().ConfigureAwait(false);
            _programmer = null;
            exit.Fail();
            lifetime.StopApplication();
            return;
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_programmer is not { } programmer)
            return;
        var worker = programmer.RunAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.PeerCheckInterval, time, stoppingToken).ConfigureAwait(false);
                await WatchOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await worker.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_programmer is { } programmer && _opened?.Owned is null)
        {
            // An interface we keep (adopted, or reused): take our routes out of it. One we created goes away with them.
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(StopGrace);
            try
            {
                await programmer.WithdrawAllAsync(grace.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort on the way out; the next start reconciles from the owned record.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WireGuardStopped(_logger, _options.Interface, e.Message);
            }
        }
        await DisposeOpenedAsync().ConfigureAwait(false);
    }

    /// <summary>Reads the device once: peers to neighbours (posted to the engine loop when the set changes), stats for status.</summary>
    private async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        DeviceState state;
        try
        {
            state = await _opened!.Device.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            counters.ReadFailure();
            if (!_readFailing)
                Log.PeerWatchFailed(_logger, _options.Interface, e.Message);
            _readFailing = true;
            return;
        }
        _readFailing = false;
        _lastState = state;
        _programmer!.ObserveDevice(state);
        var now = state.Peers.Select(p => LinkLocalAddress.FromPublicKey(p.PublicKey)).ToHashSet();
        if (now.SetEquals(_neighbours))
            return;
        var added = now.Where(a => !_neighbours.Contains(a)).ToList();
        var removed = _neighbours.Where(a => !now.Contains(a)).ToList();
        foreach (var p in state.Peers.Where(p => added.Contains(LinkLocalAddress.FromPublicKey(p.PublicKey))))
            Log.PeerAdded(_logger, _options.Interface, p.PublicKey.ToString(), LinkLocalAddress.FromPublicKey(p.PublicKey));
        foreach (var a in removed)
            Log.PeerRemoved(_logger, _options.Interface, a);
        counters.Added(added.Count);
        counters.Removed(removed.Count);
        _neighbours = now;
        _peerLinkLocals = now;
        await inbox.Writer.WriteAsync(new PeerNeighboursInput(_options.Interface, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True if <paramref name="source"/> may send Babel on the WireGuard interface: a current peer's link-local.</summary>
    public bool IsPeer(IPAddress source) => _peerLinkLocals.Contains(source);

    public void Submit(IReadOnlyList<SelectedRouteChange> changes) => _programmer?.Submit(changes);

    public StatusReport Contribute(StatusReport report)
    {
        if (_programmer is not { } programmer || _publicKey is not { } publicKey)
            return report;
        var state = _lastState;
        var status = programmer.Status;
        var peerState = (state?.Peers ?? []).ToDictionary(p => LinkLocalAddress.FromPublicKey(p.PublicKey));
        var known = programmer.Peers().ToDictionary(p => p.PublicKey);
        var routedPerPeer = status.Programmed.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Count());

        var peers = (state?.Peers ?? []).Select(p => new PeerReport(
            p.PublicKey.ToString(), LinkLocalAddress.FromPublicKey(p.PublicKey).ToString(), p.Endpoint?.ToString(), p.LastHandshake,
            p.ReceivedBytes, p.TransmittedBytes, p.AllowedIps.Count, routedPerPeer.GetValueOrDefault(p.PublicKey),
            known.TryGetValue(p.PublicKey, out var k) && k.Configured)).ToList();
        var wireGuard = new WireGuardReport(
            _options.Interface, _options.Mode == WireGuardMode.Adopt ? "adopt" : "create", _opened!.Backend, publicKey.ToString(),
            state?.ListenPort ?? 0, _linkLocal.ToString(), _index, [.. _options.Addresses.Select(a => a.ToString())], peers,
            status.Pending, status.LastError);

        var neighbours = report.Neighbours?.Select(n =>
            n.Interface == _options.Interface && IPAddress.TryParse(n.Address, out var a) && peerState.TryGetValue(a, out var p)
                ? n with
                {
                    PublicKey = p.PublicKey.ToString(), Endpoint = p.Endpoint?.ToString(), LastHandshake = p.LastHandshake,
                    RxBytes = p.ReceivedBytes, TxBytes = p.TransmittedBytes,
                }
                : n).ToList();
        var routes = report.Routes?.Select(r =>
        {
            if (r.Interface != _options.Interface || !r.Selected || !IPNetwork.TryParse(r.Prefix, out var prefix))
                return r;
            var programmed = status.Programmed.TryGetValue(prefix, out var owner)
                && IPAddress.TryParse(r.NextHop, out var hop) && LinkLocalAddress.FromPublicKey(owner).Equals(hop);
            return r with
            {
                Programmed = programmed,
                Refused = status.Refused.TryGetValue(prefix, out var why) ? AgentOptionsValidator.JsonKey(why.ToString()) : null,
            };
        }).ToList();

        var all = new Dictionary<string, long>(report.Counters ?? new Dictionary<string, long>(), StringComparer.Ordinal)
        {
            ["wireguard.droppedNotFromPeer"] = counters.DroppedNotFromPeer,
            ["wireguard.peersAdded"] = counters.PeersAdded,
            ["wireguard.peersRemoved"] = counters.PeersRemoved,
            ["wireguard.deviceReadFailures"] = counters.DeviceReadFailures,
        };
        foreach (var (name, value) in programmer.Counters.ToDictionary())
            all["routing." + name] = value;
        return report with { WireGuard = wireGuard, Neighbours = neighbours, Routes = routes, Counters = report.Counters is null ? null : all };
    }

    private async Task DisposeOpenedAsync()
    {
        if (_opened is null)
            return;
        if (_opened.Device is IAsyncDisposable d)
            await d.DisposeAsync().ConfigureAwait(false);
        if (_opened.Owned is { } owned)
            await owned.DisposeAsync().ConfigureAwait(false);
        _opened = null;
    }
}
