using System.Threading.Channels;
using Babelwire.Agent.Configuration;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Babelwire.Shared.State;
using Microsoft.AspNetCore.SignalR.Client;

namespace Babelwire.Agent.ControlPlane;

public sealed partial class AgentHubClient
{
    /// <summary>
    /// One connection's session. The hub's callbacks only post to <see cref="_messages"/>; this loop alone calls the
    /// hub, so a missed delta's <see cref="IAgentHub.GetPeerSet"/> and the state reports never interleave. Snapshots
    /// come from one producer task through <see cref="_snapshots"/>, which keeps only the newest: each delta is
    /// computed against the last snapshot sent, so a replaced snapshot loses nothing (a route change it held is in the
    /// newer one too). The producer takes one on each report-interval tick (periodic: any change is sent) and one a
    /// coalescing window after the engine signals a neighbour or selected-route change (sent only when it changes
    /// the topology, see <see cref="AgentStateDiff.ChangesTopology"/>); it waits out the window before the snapshot
    /// and takes the next signal only after it, so a flapping neighbour makes at most one delta per window.
    /// </summary>
    private sealed class Session
    {
        private readonly AgentHubClient _owner;
        private readonly HubConnection _connection;
        private readonly CancellationToken _stoppingToken;
        private readonly Channel<SessionMessage> _messages = Channel.CreateBounded<SessionMessage>(
            new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        private readonly SnapshotSlot _snapshots = new();
        private long _sequence;
        private AgentStateDto? _lastSent;
        private string? _revoked;

        public Session(AgentHubClient owner, HubConnection connection, CancellationToken stoppingToken)
        {
            _owner = owner;
            _connection = connection;
            _stoppingToken = stoppingToken;
            connection.On<PeerSetDeltaDto>(nameof(IAgentClient.PeerSetChanged), d => PostAsync(new SessionMessage.PeerSetChanged(d)));
            connection.On<MeshSettingsDto>(nameof(IAgentClient.MeshSettingsChanged), s => PostAsync(new SessionMessage.SettingsChanged(s)));
            connection.On<string>(nameof(IAgentClient.NodeRevoked), r => PostAsync(new SessionMessage.Revoked(r)));
            connection.Closed += e => PostAsync(new SessionMessage.Closed(e));
        }

        /// <summary>Waits while the loop is behind (it never drops a peer-set change); on shutdown there is no one left to tell.</summary>
        private async Task PostAsync(SessionMessage message)
        {
            try
            {
                await _messages.Writer.WriteAsync(message, _stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stoppingToken.IsCancellationRequested)
            {
            }
        }

        public async Task<SessionEnd> RunAsync(AgentSession opened, Backoff backoff)
        {
            var owner = _owner;
            if (opened.PeerSetUnchanged)
                owner._peers.KeepCurrent(opened.PeerSet);   // it carries no peers: ours are current
            else
                owner._peers.Replace(opened.PeerSet);
            owner._state.Settings = opened.Settings;
            backoff.Reset();
            owner._state.Set(ControlPlanePhase.Connected);
            Log.Connected(owner._logger, opened.NodeName, opened.NodeId, opened.PeerSet.Version, owner._peers.ControllerPeerCount);

            // The timer starts before the full report: a tick meanwhile only leaves a snapshot for the first delta.
            using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(_stoppingToken);
            using var timer = new PeriodicTimer(ReportInterval(opened.Settings), owner._time);
            // Changes before the full report's snapshot are in it; one signalled meanwhile only costs a snapshot.
            var producer = ProduceSnapshotsAsync(timer, owner._stateChanges.Version, sessionEnd.Token);
            try
            {
                await SendFullAsync(await SnapshotAsync().ConfigureAwait(false)).ConfigureAwait(false);
                return await LoopAsync(timer).ConfigureAwait(false);
            }
            finally
            {
                await sessionEnd.CancelAsync().ConfigureAwait(false);
                await producer.ConfigureAwait(false);
            }
        }

        private async Task<SessionEnd> LoopAsync(PeriodicTimer timer)
        {
            Task<bool>? messageWait = null;
            Task<bool>? snapshotWait = null;
            while (true)
            {
                messageWait ??= _messages.Reader.WaitToReadAsync(_stoppingToken).AsTask();
                snapshotWait ??= _snapshots.WaitAsync(_stoppingToken);
                await Task.WhenAny(messageWait, snapshotWait).ConfigureAwait(false);
                _stoppingToken.ThrowIfCancellationRequested();
                if (messageWait.IsCompleted)
                {
                    messageWait = null;
                    while (_messages.Reader.TryRead(out var message))
                    {
                        if (await HandleAsync(message, timer).ConfigureAwait(false) is { } end)
                            return end;
                    }
                }
                if (snapshotWait.IsCompleted)
                {
                    snapshotWait = null;
                    if (_snapshots.TryTake(out var snapshot, out var periodic))
                        await SendDeltaAsync(snapshot, periodic).ConfigureAwait(false);
                }
            }
        }

        private async Task<SessionEnd?> HandleAsync(SessionMessage message, PeriodicTimer timer)
        {
            var owner = _owner;
            switch (message)
            {
                case SessionMessage.PeerSetChanged { Delta: var delta }:
                    if (owner._peers.TryApply(delta))
                    {
                        Log.PeerSetChanged(owner._logger, delta.FromVersion, delta.Version, delta.Upserted.Count, delta.RemovedPublicKeys.Count);
                        break;
                    }
                    Log.PeerSetResync(owner._logger, delta.FromVersion, owner._peers.Version);
                    var whole = await _connection.InvokeAsync<PeerSetDto>(nameof(IAgentHub.GetPeerSet), _stoppingToken).ConfigureAwait(false);
                    owner._peers.Replace(whole);
                    Log.PeerSetReplaced(owner._logger, whole.Version, owner._peers.ControllerPeerCount);
                    break;
                case SessionMessage.SettingsChanged { Settings: var settings }:
                    owner._state.Settings = settings;
                    timer.Period = ReportInterval(settings);
                    Log.SettingsChanged(owner._logger, timer.Period.TotalSeconds);
                    break;
                case SessionMessage.Revoked { Reason: var reason }:
                    _revoked = reason;
                    Log.NodeRevoked(owner._logger, reason);
                    return new SessionEnd.Final($"revoked by the controller: {reason}");
                case SessionMessage.Closed { Error: var error }:
                    return _revoked is { } r
                        ? new SessionEnd.Final($"revoked by the controller: {r}")
                        : new SessionEnd.Lost(error?.Message ?? "the controller closed the connection");
            }
            return null;
        }

        private async Task SendFullAsync(AgentStateDto snapshot)
        {
            _sequence++;
            var ack = await _connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), snapshot with { Sequence = _sequence }, _stoppingToken).ConfigureAwait(false);
            _lastSent = snapshot;
            Log.StateReported(_owner._logger, _sequence, snapshot.Neighbours.Count, snapshot.Routes.Count, snapshot.Peers.Count);
            if (ack.ResyncRequired)
                Log.ResyncAfterFullReport(_owner._logger, _sequence);
        }

        /// <summary>A change-driven snapshot (not <paramref name="periodic"/>) whose differences are only counters is held for the next tick.</summary>
        private async Task SendDeltaAsync(AgentStateDto snapshot, bool periodic)
        {
            if (AgentStateDiff.Compute(_lastSent!, snapshot, _sequence + 1) is not { } delta)
                return;
            if (!periodic && !AgentStateDiff.ChangesTopology(_lastSent!, delta))
                return;
            var ack = await _connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportStateDelta), delta, _stoppingToken).ConfigureAwait(false);
            _sequence++;
            _lastSent = snapshot;
            Log.DeltaReported(_owner._logger, _sequence, delta.NeighboursUpserted.Count + delta.NeighboursRemoved.Count,
                delta.RoutesUpserted.Count + delta.RoutesRemoved.Count, delta.PeersUpserted.Count + delta.PeersRemoved.Count);
            if (ack.ResyncRequired)
            {
                Log.ResyncRequested(_owner._logger, _sequence);
                await SendFullAsync(snapshot).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Takes a snapshot on each tick of <paramref name="timer"/> (periodic) and one <see cref="ControllerOptions.ChangeCoalescingWindow"/>
        /// after the engine signals a change past <paramref name="seen"/>: whatever else changes within the window is
        /// in the same snapshot, and the next signal is taken only after it.
        /// </summary>
        private async Task ProduceSnapshotsAsync(PeriodicTimer timer, long seen, CancellationToken cancellationToken)
        {
            var owner = _owner;
            var window = owner._options.Controller?.ChangeCoalescingWindow ?? ControllerOptions.DefaultChangeCoalescingWindow;
            Task<bool>? tick = null;
            Task? changed = null;
            try
            {
                while (true)
                {
                    tick ??= timer.WaitForNextTickAsync(cancellationToken).AsTask();
                    changed ??= owner._stateChanges.WaitAsync(seen, cancellationToken);
                    await Task.WhenAny(tick, changed).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (changed.IsCompleted)
                    {
                        await Task.Delay(window, owner._time, cancellationToken).ConfigureAwait(false);
                        changed = null;
                    }
                    var periodic = false;
                    if (tick.IsCompleted)
                    {
                        if (!await tick.ConfigureAwait(false))
                            return;
                        tick = null;
                        periodic = true;
                    }
                    // Read before the snapshot: a change signalled after this is in this snapshot or wakes the next.
                    seen = owner._stateChanges.Version;
                    try
                    {
                        _snapshots.Offer(await SnapshotAsync(cancellationToken).ConfigureAwait(false), periodic);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        // The engine loop is stopping or slow; the next tick or change tries again, and the next delta covers both.
                        Log.SnapshotFailed(owner._logger, e.Message);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        private Task<AgentStateDto> SnapshotAsync() => SnapshotAsync(_stoppingToken);

        private async Task<AgentStateDto> SnapshotAsync(CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SnapshotTimeout);
            return await _owner._stateSource.SnapshotAsync(timeout.Token).ConfigureAwait(false);
        }

        private static TimeSpan ReportInterval(MeshSettingsDto settings)
            => settings.StateReportInterval > TimeSpan.Zero ? settings.StateReportInterval : TimeSpan.FromSeconds(10);
    }
}
