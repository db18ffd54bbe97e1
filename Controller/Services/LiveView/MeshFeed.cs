using Babelwire.Controller.Data;
using Babelwire.Controller.Infrastructure;
using Babelwire.Controller.Services.Administration;
using Babelwire.Controller.Services.Presence;
using Babelwire.Controller.Services.Topology;
using Babelwire.Shared.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services.LiveView;

/// <summary>
/// The dashboard's live mesh. One loop waits for <see cref="MeshChangeSignals"/>, waits out the rest of
/// <see cref="LiveViewOptions.PublishInterval"/> since the last snapshot (so a burst of reports is one snapshot), then
/// recomputes only the changed nodes' slices and rows, builds the snapshot and hands it to every subscriber. Node rows
/// are held in memory: read once at start, then re-read by id (one query per snapshot for all changed nodes) when a
/// node is enrolled, disabled, enabled, connects or disconnects; presence comes from <see cref="AgentPresence"/> at
/// each build. A node row that cannot be read (database away) keeps its last known state and is retried.
/// </summary>
internal sealed class MeshFeed(
    TopologyStore topology,
    MeshChangeSignals signals,
    AgentPresence presence,
    DatabaseAvailability database,
    IServiceScopeFactory scopes,
    IOptions<LiveViewOptions> options,
    TimeProvider time,
    ILogger<MeshFeed> logger) : BackgroundService, IMeshFeed
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly MeshViewBuilder _builder = new();
    private readonly Lock _subscribersGate = new();
    private readonly HashSet<Guid> _unreadRows = [];
    private Subscription[] _subscribers = [];
    private MeshView _current = new(0, DateTimeOffset.MinValue, true, [], [], []);
    private bool _rosterLoaded;
    private long _lastBuild;

    public MeshView Current => Volatile.Read(ref _current);

    public IDisposable Subscribe(Func<MeshView, Task> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var subscription = new Subscription(this, onChanged);
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The topology loader ran before (it is registered first); reports that arrive from here on are signalled.
        foreach (var nodeId in topology.NodeIds)
        {
            _builder.SetSlice(nodeId, topology.Slice(nodeId));
        }
        await TryLoadRosterAsync(stoppingToken);
        Publish();
        var interval = options.Value.PublishInterval;
        try
        {
            while (true)
            {
                var pending = !_rosterLoaded || _unreadRows.Count > 0;
                var woken = await signals.WaitAsync(pending ? RetryDelay : Timeout.InfiniteTimeSpan, time, stoppingToken);
                var since = time.GetElapsedTime(_lastBuild);
                if (since < interval)
                {
                    await Task.Delay(interval - since, time, stoppingToken);
                }
                var changes = signals.Take();
                if (!woken && changes.IsEmpty && !pending)
                {
                    continue;
                }
                await ApplyAsync(changes, stoppingToken);
                Publish();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAsync(MeshChanges changes, CancellationToken cancellationToken)
    {
        foreach (var nodeId in changes.Forgotten)
        {
            _builder.Forget(nodeId);
            _unreadRows.Remove(nodeId);
        }
        foreach (var nodeId in changes.Topology)
        {
            _builder.SetSlice(nodeId, topology.Slice(nodeId));
        }
        if (!_rosterLoaded)
        {
            await TryLoadRosterAsync(cancellationToken);
            return;
        }
        _unreadRows.UnionWith(changes.Rows);
        _unreadRows.ExceptWith(changes.Forgotten);
        if (_unreadRows.Count > 0)
        {
            await TryReadRowsAsync(cancellationToken);
        }
    }

    private async Task TryLoadRosterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
            // Signals taken from here on are applied after this read, so none is lost to it.
            var nodes = await db.Nodes.AsNoTracking().ToListAsync(cancellationToken);
            foreach (var node in nodes)
            {
                _builder.SetNode(NodeDtos.From(node, online: false));
            }
            _rosterLoaded = true;
            _unreadRows.Clear();
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            logger.RosterNotRead(e.GetBaseException().Message);
            database.Report(false, e.GetBaseException().Message);
        }
    }

    private async Task TryReadRowsAsync(CancellationToken cancellationToken)
    {
        var ids = _unreadRows.ToList();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
            var nodes = await db.Nodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken);
            foreach (var id in ids)
            {
                if (nodes.TryGetValue(id, out var node))
                {
                    _builder.SetNode(NodeDtos.From(node, online: false));
                }
                else
                {
                    _builder.RemoveNode(id);
                }
            }
            _unreadRows.Clear();
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            logger.NodesNotRead(ids.Count, e.GetBaseException().Message);
            database.Report(false, e.GetBaseException().Message);
        }
    }

    private void Publish()
    {
        var started = time.GetTimestamp();
        var previous = Current;
        var view = _builder.Build(previous.Version + 1, time.GetUtcNow(), database.IsAvailable, presence.IsOnline);
        _lastBuild = time.GetTimestamp();
        Volatile.Write(ref _current, view);
        logger.Published(view.Version, view.Nodes.Count, view.Links.Count, view.Routes.Count, time.GetElapsedTime(started, _lastBuild));
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(view);
        }
    }

    private void SubscriberFailed(long version, Exception exception) => logger.SubscriberFailed(version, exception);

    private void Unsubscribe(Subscription subscription)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
        }
    }

    /// <summary>
    /// One subscriber's delivery: at most one call in flight; a snapshot that arrives meanwhile replaces any waiting one,
    /// so a slow subscriber gets the newest and skips the rest, and never holds up the loop or the other subscribers.
    /// </summary>
    private sealed class Subscription(MeshFeed feed, Func<MeshView, Task> onChanged) : IDisposable
    {
        private MeshView? _waiting;
        private int _delivering;
        private bool _disposed;

        public void Offer(MeshView view)
        {
            Volatile.Write(ref _waiting, view);
            if (Interlocked.CompareExchange(ref _delivering, 1, 0) == 0)
            {
                _ = Task.Run(DeliverAsync);
            }
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, true);
            feed.Unsubscribe(this);
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                while (Interlocked.Exchange(ref _waiting, null) is { } view)
                {
                    if (Volatile.Read(ref _disposed))
                    {
                        return;
                    }
                    try
                    {
                        await onChanged(view);
                    }
                    catch (Exception e)
                    {
                        feed.SubscriberFailed(view.Version, e);
                    }
                }
                Volatile.Write(ref _delivering, 0);
                // A snapshot offered after the last take but before the flag was cleared would wait for the next one.
                if (Volatile.Read(ref _waiting) is null || Interlocked.CompareExchange(ref _delivering, 1, 0) != 0)
                {
                    return;
                }
            }
        }
    }
}
