namespace Babelwire.Controller.Services.Topology;

/// <summary>Loads the last stored topology at start, after the migration and before the server takes requests, so
/// that the API answers the same after a restart (every node stale until it reports again).</summary>
internal sealed class TopologyLoader(TopologyStore store, TopologyDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.LoadAsync(database, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
