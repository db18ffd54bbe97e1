using Microsoft.Extensions.Options;
using Npgsql;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Deletes events older than the mesh's <c>EventRetention</c>, at start and every <see cref="TopologyOptions.RetentionInterval"/>,
/// in batches of <see cref="TopologyOptions.RetentionBatchSize"/> rows so that no statement holds locks for long.
/// </summary>
internal sealed class EventRetentionService(
    TopologyDatabase database,
    CurrentMeshSettings settings,
    IOptions<TopologyOptions> options,
    TimeProvider time,
    ILogger<EventRetentionService> logger) : BackgroundService
{
    private const string DeleteBatch = """
        DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < $1 ORDER BY id LIMIT $2)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                logger.EventRetentionFailed(interval, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every event older than the retention; returns how many.</summary>
    internal async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - settings.Value.EventRetention;
        var batchSize = options.Value.RetentionBatchSize;
        long total = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand(DeleteBatch, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = cutoff });
            command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                break;
            }
        }
        if (total > 0)
        {
            logger.EventsPruned(total, cutoff);
        }
        return total;
    }
}
