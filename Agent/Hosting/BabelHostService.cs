using System.Buffers;
using System.Net.Sockets;
using Babelwire.Agent.Babel;
using Babelwire.Agent.Configuration;
using Babelwire.Agent.State;
using Babelwire.Agent.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// Owns the <see cref="BabelRouter"/>: exactly one loop touches it, so it needs no locks. The socket's receive task,
/// the interface watcher and the status server feed the loop through <see cref="AgentInbox"/>; between inputs the loop
/// sleeps until the engine's next deadline on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class BabelHostService(
    IOptions<AgentOptions> options,
    IBabelTransport transport,
    IInterfaceResolver resolver,
    AgentInbox inbox,
    HostCounters counters,
    AgentExit exit,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IEnumerable<ISelectedRouteSink> routeSinks,
    IEnumerable<IStatusContributor> statusContributors,
    IEnumerable<WireGuardHost> wireGuardHosts,
    WireGuardCounters wireGuardCounters,
    StateChanges stateChanges) : BackgroundService
{
    /// <summary>Inputs handled per turn before timers get another look, so a burst cannot starve Hellos.</summary>
    private const int InputsPerTurn = 256;

    private static readonly TimeSpan ShutdownFlush = TimeSpan.FromSeconds(2);

    private readonly AgentOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<BabelHostService>();
    private readonly List<OutgoingDatagram> _outgoing = [];
    private readonly List<SelectedRouteChange> _changes = [];
    private readonly Dictionary<string, ResolvedInterface> _ready = new(StringComparer.Ordinal);

    private readonly ReadyInterfaces _readyByIndex = new();

    private BabelRouter? _router;
    private AgentStateStore? _state;
    private long _lastSeqnoSave;
    private long _topologyNotified;

    /// <summary>
    /// Loads the state, builds the engine and binds the socket before the host reports started, so that once it
    /// has, datagrams and status requests are not lost to a race with the loop's start.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var stage = $"state directory {_options.StateDirectory}";
        try
        {
            var (routerId, seqno) = LoadState();
            stage = "engine";
            _router = CreateRouter(routerId, seqno);
            stage = $"UDP port {_options.Port}";
            transport.Open();
            Log.AgentStarted(_logger, _router.RouterId.ToString(), _options.Interfaces.Count, _options.Announce.Count);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            // An operator's problem (port taken, state directory unwritable, a value the engine refuses): say so plainly and stop.
            Log.AgentFailed(_logger, stage, e.Message);
            _router = null;
            exit.Fail();
            lifetime.StopApplication();
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_router is not { } router)
            return;
        try
        {
            using var stopTasks = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var receive = new DatagramReceiver(transport, inbox, counters, _readyByIndex, loggerFactory.CreateLogger<DatagramReceiver>()).RunAsync(stopTasks.Token);
            var watch = new InterfaceWatcher(_options, resolver, transport, inbox, time, loggerFactory.CreateLogger<InterfaceWatcher>()).RunAsync(stopTasks.Token);
            try
            {
                await EngineLoopAsync(router, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await stopTasks.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(receive, watch).ConfigureAwait(false);
                await StopEngineAsync(router).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The loop must report any failure and stop the agent, never die silently.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.EngineLoopFailed(_logger, e);
            exit.Fail();
            lifetime.StopApplication();
        }
    }

    private (RouterId RouterId, SeqNo Seqno) LoadState()
    {
        var random = Random.Shared;
        _state = new AgentStateStore(_options.StateDirectory);
        RouterId routerId;
        if (_options.RouterId is { } configured)
        {
            routerId = configured;
        }
        else
        {
            routerId = _state.LoadOrCreateRouterId(random, out var created);
            if (created)
                Log.RouterIdGenerated(_logger, routerId.ToString(), _state.Directory);
        }
        var seqno = _state.StartSeqno(random, out var saved);
        Log.SeqnoLoaded(_logger, seqno.Value, saved?.Value);
        return (routerId, seqno);
    }

    private BabelRouter CreateRouter(RouterId routerId, SeqNo seqno)
    {
        var router = new BabelRouter(
            new BabelRouterOptions(routerId) { InitialSeqno = seqno }, time, Random.Shared, loggerFactory.CreateLogger<BabelRouter>());
        foreach (var a in _options.Announce)
            router.Announce(a.Prefix!.Value, (ushort)a.Metric);
        _lastSeqnoSave = time.GetTimestamp();
        return router;
    }

    private async Task EngineLoopAsync(BabelRouter router, CancellationToken stoppingToken)
    {
        var reader = inbox.Reader;
        Task<bool>? waitForInput = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            for (var i = 0; i < InputsPerTurn && reader.TryRead(out var input); i++)
                Handle(router, input);
            router.Poll();
            await FlushAsync(router, stoppingToken).ConfigureAwait(false);
            NotifyIfTopologyChanged(router);
            SaveSeqnoIfDue(router);

            if (reader.TryPeek(out _))
                continue;
            waitForInput ??= reader.WaitToReadAsync(stoppingToken).AsTask();
            if (!waitForInput.IsCompleted)
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var due = Clamp(router.UntilNextDue());
                var delay = Task.Delay(due, time, wake.Token);
                await Task.WhenAny(waitForInput, delay).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
            }
            if (waitForInput.IsCompleted)
            {
                if (waitForInput.IsCanceled || !await waitForInput.ConfigureAwait(false))
                    return;
                waitForInput = null;
            }
        }
    }

    /// <summary>Never sleep longer than the seqno save period, never a negative time.</summary>
    private TimeSpan Clamp(TimeSpan due)
        => due < TimeSpan.Zero ? TimeSpan.Zero : due > _options.SeqnoSaveInterval ? _options.SeqnoSaveInterval : due;

    private void Handle(BabelRouter router, AgentInput input)
    {
        switch (input)
        {
            case DatagramInput d:
                try
                {
                    Log.DatagramIn(_logger, d.Interface, d.Source, d.Length);
                    if (!FromCurrentPeer(d))
                        break;
                    router.Receive(d.Interface, d.Source, d.Buffer.AsSpan(0, d.Length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(d.Buffer);
                }
                break;
            case InterfaceReadyInput r:
                AddInterface(router, r.Interface);
                break;
            case InterfaceGoneInput g:
                RemoveInterface(router, g.Name, g.Reason);
                break;
            case StatusInput s:
                s.Reply.TrySetResult(Report(router, s.SummaryOnly));
                break;
            case PeerNeighboursInput p:
                SetPeerNeighbours(router, p);
                break;
        }
    }

    private void AddInterface(BabelRouter router, ResolvedInterface resolved)
    {
        var config = _options.Interfaces.First(i => i.Name == resolved.Name);
        var mtu = config.Mtu ?? resolved.Mtu;
        try
        {
            router.AddInterface(new BabelInterface(
                resolved.Name,
                config.Kind == InterfaceMode.Multicast ? InterfaceKind.Multicast : InterfaceKind.UnicastOnly,
                resolved.LinkLocal,
                mtu,
                config.HelloInterval,
                config.UpdateInterval,
                config.LinkCost,
                (ushort)config.NominalCost,
                config.RttCost));
            foreach (var neighbour in config.Neighbours)
                router.AddNeighbour(resolved.Name, neighbour);
            AddPeerNeighbours(router, resolved.Name);
        }
        catch (ArgumentException e)
        {
            // The system's values for it are unusable (an MTU too small for Babel): the interface stays down.
            router.RemoveInterface(resolved.Name);
            Log.InterfaceRefused(_logger, resolved.Name, e.Message);
            return;
        }
        _ready[resolved.Name] = resolved with { Mtu = mtu };
        _readyByIndex.Publish(_ready.Values);
        Log.InterfaceReady(_logger, resolved.Name, resolved.Index, mtu, resolved.LinkLocal);
    }

    private void RemoveInterface(BabelRouter router, string name, string reason)
    {
        if (!_ready.Remove(name))
            return;
        ForgetPeerNeighbours(name);
        router.RemoveInterface(name);
        _readyByIndex.Publish(_ready.Values);
        Log.InterfaceGone(_logger, name, reason);
    }

    private async ValueTask FlushAsync(BabelRouter router, CancellationToken cancellationToken)
    {
        router.DrainOutgoing(_outgoing);
        foreach (var datagram in _outgoing)
        {
            if (!_ready.TryGetValue(datagram.Interface, out var iface))
            {
                counters.SendError();
                continue;
            }
            try
            {
                await transport.SendAsync(iface, datagram.Destination, datagram.Payload, cancellationToken).ConfigureAwait(false);
                counters.Sent(datagram.Payload.Length);
                Log.DatagramOut(_logger, datagram.Interface, datagram.Destination, datagram.Payload.Length);
            }
            catch (SocketException e)
            {
                // docs/babel-notes.md §5: a send error is loss (no route, peer without endpoint), never fatal.
                counters.SendError();
                Log.SendFailed(_logger, datagram.Interface, datagram.Destination, e.SocketErrorCode);
            }
        }
        _outgoing.Clear();

        router.DrainRouteChanges(_changes);
        foreach (var c in _changes)
            Log.RouteChanged(_logger, c.Kind, c.Prefix, c.NextHop, c.Interface, c.Metric, c.Source.ToString());
        if (_changes.Count > 0)
        {
            foreach (var sink in routeSinks)
                sink.Submit(_changes);
        }
        _changes.Clear();
    }

    /// <summary>Once per turn, after the route changes went to the sinks: a burst handled in one turn is one signal.</summary>
    private void NotifyIfTopologyChanged(BabelRouter router)
    {
        if (router.TopologyVersion == _topologyNotified)
            return;
        _topologyNotified = router.TopologyVersion;
        stateChanges.Notify();
    }

    private void SaveSeqnoIfDue(BabelRouter router)
    {
        if (time.GetElapsedTime(_lastSeqnoSave) < _options.SeqnoSaveInterval)
            return;
        _lastSeqnoSave = time.GetTimestamp();
        SaveSeqno(router);
    }

    private void SaveSeqno(BabelRouter router)
    {
        try
        {
            var seqno = router.Seqno;
            _state!.SaveSeqno(seqno);
            Log.StateSaved(_logger, seqno.Value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.StateSaveFailed(_logger, _state!.Directory, e.Message);
        }
    }

    /// <summary>babeld's shutdown: retract everything we announced, send it, then keep the seqno.</summary>
    private async Task StopEngineAsync(BabelRouter router)
    {
        router.Shutdown();
        using var flush = new CancellationTokenSource(ShutdownFlush);
        try
        {
            await FlushAsync(router, flush.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        SaveSeqno(router);
        while (inbox.Reader.TryRead(out var left))
        {
            if (left is StatusInput s)
                s.Reply.TrySetCanceled(CancellationToken.None);
        }
        Log.AgentStopped(_logger);
    }

    private StatusReport Report(BabelRouter router, bool summaryOnly)
    {
        var interfaces = _options.Interfaces.Select(i => _ready.TryGetValue(i.Name, out var r)
            ? new InterfaceReport(i.Name, Kind(i), true, r.Index, r.Mtu, r.LinkLocal.ToString())
            : new InterfaceReport(i.Name, Kind(i), false, null, null, null)).ToList();
        var now = time.GetUtcNow();
        if (summaryOnly)
            return StatusReports.Summary(router.RouterId, router.Seqno, router.Counts(), interfaces, now);
        var report = StatusReports.Full(router.Snapshot(), interfaces, Counters(router), now);
        foreach (var contributor in statusContributors)
            report = contributor.Contribute(report);
        return report;

        static string Kind(InterfaceOptions i) => i.Kind switch
        {
            InterfaceMode.Unicast => "unicast",
            InterfaceMode.WireGuard => "wireguard",
            _ => "multicast",
        };
    }

    /// <summary>The host's counters, then the engine's and the decoder's under their own prefixes.</summary>
    private Dictionary<string, long> Counters(BabelRouter router)
    {
        var all = new Dictionary<string, long>(counters.ToDictionary(), StringComparer.Ordinal);
        Add("engine.", router.Counters);
        Add("decode.", router.DecodeCounters);
        return all;

        void Add(string prefix, object source)
        {
            foreach (var property in source.GetType().GetProperties())
            {
                if (property.PropertyType == typeof(long) && property.GetValue(source) is long value)
                    all[prefix + AgentOptionsValidator.JsonKey(property.Name)] = value;
            }
        }
    }
}
