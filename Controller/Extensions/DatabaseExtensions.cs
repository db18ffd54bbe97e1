using Babelwire.Controller.Data;
using Babelwire.Controller.Infrastructure;
using Babelwire.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Extensions;

public static class DatabaseExtensions
{
    /// <summary>The pooled DbContext on the <c>ConnectionStrings:Mesh</c> PostgreSQL database, and its readiness check.</summary>
    public static IHostApplicationBuilder AddMeshDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(MeshDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{MeshDatabase.ConnectionStringName} is not set (e.g. env ConnectionStrings__{MeshDatabase.ConnectionStringName}=\"Host=127.0.0.1;Database=babelwire;Username=babelwire\").");
        }
        builder.Services.AddDbContextPool<MeshDbContext>(options => options.UseMeshDatabase(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<MeshDbContext>("database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService<DatabaseMigrationService>();
        return builder;
    }

    public static Task MigrateMeshDatabaseAsync(this WebApplication app, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
}
