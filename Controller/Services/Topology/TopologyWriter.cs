using Babelwire.Controller.Data.Model;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// The single write-behind loop: waits for dirty nodes, gathers for <see cref="TopologyOptions.WriteInterval"/>
/// (many reports of one node coalesce into one write of each changed item), then writes up to
/// <see cref="TopologyOptions.MaxBatchNodes"/> nodes and the pending events in one transaction. When the database is
/// away it keeps everything (the keys go back to their nodes), retries with capped backoff, and the live view keeps
/// working meanwhile. On shutdown it writes what is left.
/// </summary>
internal sealed class TopologyWriter(
    TopologyStore store,
    TopologyEventQueue events,
    TopologyBatchWriter writer,
    TopologyMetrics metrics,
    IOptions<TopologyOptions> options,
    TimeProvider time,
    ILogger<TopologyWriter> logger) : BackgroundService
{
    private const int MaxBatchEvents = 10_000;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(10);

    private readonly List<Guid> _retryNodes = [];
    private readonly List<MeshEvent> _retryEvents = [];
    private string? _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var retryDelay = FirstRetryDelay;
        try
        {
            while (true)
            {
                if (_retryNodes.Count == 0 && _retryEvents.Count == 0 && events.Count == 0
                    && !await store.DirtyNodes.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
                await Task.Delay(failures > 0 ? retryDelay : options.Value.WriteInterval, time, stoppingToken);
                // Full batches follow each other at once; the interval only gathers when there is little to do.
                bool? result;
                do
                {
                    result = await WriteOneBatchAsync(stoppingToken);
                }
                while (result == true);

                if (result is null)
                {
                    failures++;
                    retryDelay = failures == 1 ? FirstRetryDelay : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                    logger.TopologyWriteFailed(failures, _retryNodes.Count, _retryEvents.Count, retryDelay, _lastError ?? "unknown");
                }
                else if (failures > 0)
                {
                    logger.TopologyWriteRecovered(failures);
                    failures = 0;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushOnShutdownAsync();
        }
    }

    /// <summary>Writes one batch: true when it was full (more is waiting), false when it was not, null when it failed.</summary>
    private async Task<bool?> WriteOneBatchAsync(CancellationToken cancellationToken)
    {
        var maxNodes = options.Value.MaxBatchNodes;
        HashSet<Guid> nodes = [.. _retryNodes];
        _retryNodes.Clear();
        while (nodes.Count < maxNodes && store.DirtyNodes.TryRead(out var id))
        {
            nodes.Add(id);
        }
        var batch = new TopologyBatch();
        foreach (var id in nodes)
        {
            store.TakeChanges(id, batch);
        }
        batch.Events.AddRange(_retryEvents);
        _retryEvents.Clear();
        batch.Events.AddRange(events.Take(MaxBatchEvents - Math.Min(batch.Events.Count, MaxBatchEvents)));
        if (batch.RowCount == 0)
        {
            return false;
        }
        var started = time.GetTimestamp();
        try
        {
            await writer.WriteAsync(batch, cancellationToken);
            metrics.BatchWritten(time.GetElapsedTime(started));
            return nodes.Count >= maxNodes || batch.Events.Count >= MaxBatchEvents;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.WriteFailed();
            GiveBack(batch);
            _lastError = e.Message;
            return null;
        }
        catch (OperationCanceledException)
        {
            GiveBack(batch);
            throw;
        }
    }

    private void GiveBack(TopologyBatch batch)
    {
        foreach (var (node, keys) in batch.Taken)
        {
            if (store.GiveBack(node, keys))
            {
                _retryNodes.Add(node);
            }
        }
        _retryEvents.InsertRange(0, batch.Events);
    }

    private async Task FlushOnShutdownAsync()
    {
        using var budget = new CancellationTokenSource(ShutdownBudget);
        try
        {
            while (await WriteOneBatchAsync(budget.Token) is true)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
        var left = _retryNodes.Count;
        while (store.DirtyNodes.TryRead(out _))
        {
            left++;
        }
        if (left > 0 || _retryEvents.Count > 0)
        {
            logger.TopologyFinalFlushFailed(left, "database unavailable or shutdown budget exceeded");
        }
    }
}
