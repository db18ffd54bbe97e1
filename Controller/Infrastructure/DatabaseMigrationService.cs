namespace Babelwire.Controller.Infrastructure;

/// <summary>Migrates at start, before the server takes requests (hosted services start before Kestrel).</summary>
public sealed class DatabaseMigrationService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
