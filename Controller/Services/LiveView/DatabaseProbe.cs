using Babelwire.Controller.Services.Topology;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Babelwire.Controller.Services.LiveView;

/// <summary>Opens a connection and runs <c>SELECT 1</c> every probe interval, with the interval as its time limit, and
/// reports the answer to <see cref="DatabaseAvailability"/>. One small query every couple of seconds, whatever the mesh size.</summary>
internal sealed class DatabaseProbe(
    DatabaseAvailability availability, TopologyDatabase database, IOptions<LiveViewOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DatabaseProbeInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(interval);
            try
            {
                await using var connection = await database.OpenAsync(limit.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(limit.Token);
                availability.Report(true);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                availability.Report(false, e is OperationCanceledException ? $"no answer within {interval}" : e.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
