using System.Diagnostics;
using System.Threading.Channels;
using Babelwire.Shared;
using Babelwire.Shared.Hub;
using Babelwire.Shared.Mesh;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Babelwire.Bench.Controller;

/// <summary>
/// One agent as the controller sees it: a SignalR connection with the node's credential that connects, reports its
/// whole state, then deltas; follows the peer set (a delta on another base makes it fetch the whole set) and
/// reconnects and resyncs like the real agent. No WireGuard, no Babel.
/// </summary>
internal sealed class SimulatedAgent(BenchNode node, AgentStateModel model, FleetCounters counters, TimeProvider time) : IAsyncDisposable
{
    public const string AgentVersion = "bench";

    // Reconnect like an agent with backoff; a benchmark run is shorter than this schedule.
    private static readonly TimeSpan[] ReconnectDelays =
        [.. new[] { 0, 1, 2, 5, 10, 10, 10, 10, 10, 10, 10, 10 }.Select(s => TimeSpan.FromSeconds(s))];

    private readonly SemaphoreSlim _sending = new(1, 1);
    private HubConnection? _connection;
    private DelayMarker? _pendingMarker;
    private long _peerSetVersion;

    public BenchNode Node { get; } = node;

    public AgentStateModel Model { get; } = model;

    public bool IsConnected => _connection?.State == HubConnectionState.Connected;

    private JoinWatch? _join;

    /// <summary>Reports to <paramref name="join"/> once, when a peer-set change carries its key.</summary>
    public void Watch(JoinWatch join) => Volatile.Write(ref _join, join);

    public bool HasPendingMarker => Volatile.Read(ref _pendingMarker) is not null;

    /// <summary>Puts <paramref name="marker"/> into the next delta, unless one is already waiting.</summary>
    public bool TrySetMarker(DelayMarker marker) => Interlocked.CompareExchange(ref _pendingMarker, marker, null) is null;

    public async Task ConnectAsync(Uri hubUri, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUri, HttpTransportType.WebSockets, options =>
            {
                // WebSockets straight away, as the agent does: no negotiate round trip per connection.
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(Node.Credential);
            })
            .WithAutomaticReconnect(ReconnectDelays)
            .Build();
        connection.On<PeerSetDeltaDto>(nameof(IAgentClient.PeerSetChanged), OnPeerSetChanged);
        connection.On<MeshSettingsDto>(nameof(IAgentClient.MeshSettingsChanged), _ => { });
        connection.On<string>(nameof(IAgentClient.NodeRevoked), _ => counters.NodeRevoked());
        connection.Reconnecting += _ =>
        {
            counters.ConnectionLost();
            return Task.CompletedTask;
        };
        connection.Reconnected += _ => ResyncAfterReconnectAsync();
        connection.Closed += _ =>
        {
            counters.ConnectionClosed();
            return Task.CompletedTask;
        };
        _connection = connection;
        await connection.StartAsync(cancellationToken);
        await OpenSessionAsync(cancellationToken);
    }

    /// <summary>Sends the next delta (with the pending marker, if any; the marker then goes to <paramref name="sentMarkers"/>).
    /// <paramref name="change"/> is applied to the model first, under the same lock, so no other delta carries it before
    /// this one. Returns the wall-clock time just before the hub send, or null when the send failed.</summary>
    public async Task<DateTimeOffset?> SendDeltaAsync(ChannelWriter<DelayMarker>? sentMarkers, Action<AgentStateModel>? change, CancellationToken cancellationToken)
    {
        var connection = _connection!;
        await _sending.WaitAsync(cancellationToken);
        try
        {
            change?.Invoke(Model);
            var marker = Interlocked.Exchange(ref _pendingMarker, null);
            var delta = Model.NextDelta(time.GetUtcNow(), marker);
            var sentAt = TimeProvider.System.GetUtcNow();
            var start = Stopwatch.GetTimestamp();
            if (marker is not null)
            {
                marker.SentAt = start;
                sentMarkers?.TryWrite(marker);
            }
            var ack = await connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportStateDelta), delta, cancellationToken);
            counters.DeltaSent(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (ack.ResyncRequired)
            {
                counters.ResyncRequested();
                await connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), Model.Full(AgentVersion), cancellationToken);
            }
            return sentAt;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.DeltaFailed();
            return null;
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _sending.Dispose();
    }

    private async Task OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = _connection!;
        await _sending.WaitAsync(cancellationToken);
        try
        {
            var session = await connection.InvokeAsync<SlimSession>(
                nameof(IAgentHub.Connect), new AgentHello(ProtocolVersion.Current, AgentVersion, [Node.Endpoint]), cancellationToken);
            Volatile.Write(ref _peerSetVersion, session.PeerSet.Version);
            await connection.InvokeAsync<StateAck>(nameof(IAgentHub.ReportState), Model.Full(AgentVersion), cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ResyncAfterReconnectAsync()
    {
        try
        {
            await OpenSessionAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            counters.DeltaFailed();
        }
    }

    private void OnPeerSetChanged(PeerSetDeltaDto delta)
    {
        if (Volatile.Read(ref _join) is { } join && delta.Upserted.Any(p => p.PublicKey == join.PublicKey)
            && Interlocked.CompareExchange(ref _join, null, join) == join)
        {
            join.Arrived();
        }
        // The agents' rules (PeerSetDeltaDto): ignore a delta the set held already contains, apply one on its base,
        // fetch the whole set otherwise.
        if (delta.Version <= Volatile.Read(ref _peerSetVersion))
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _peerSetVersion, delta.Version, delta.FromVersion) != delta.FromVersion)
        {
            counters.PeerSetGap();
            // Not awaited here: the client runs handlers one at a time, and the answer could not arrive while one runs.
            _ = FetchPeerSetAsync();
        }
    }

    private async Task FetchPeerSetAsync()
    {
        try
        {
            var whole = await _connection!.InvokeAsync<SlimPeerSet>(nameof(IAgentHub.GetPeerSet));
            Volatile.Write(ref _peerSetVersion, whole.Version);
        }
        catch (Exception)
        {
            counters.DeltaFailed();
        }
    }
}
