using Babelwire.Controller.Data;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Infrastructure;

/// <summary>
/// Brings the schema up to date (and seeds what a new database needs) before the controller serves anything. A database that is not there yet (the
/// controller started first, PostgreSQL is restarting) is waited for with capped backoff, not treated as fatal.
/// </summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, DatabaseSeeder seeder, TimeProvider time, ILogger<DatabaseMigrator> logger)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MeshDbContext>();
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);
                var latest = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault() ?? "none";
                logger.MigrationsApplied(pending.Count, latest);
                await seeder.SeedAsync(db, cancellationToken);
                return;
            }
            catch (Exception e) when (DatabaseErrors.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.DatabaseUnavailable(attempt, delay, e.Message);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
