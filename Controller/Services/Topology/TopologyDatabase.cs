using Babelwire.Controller.Infrastructure;
using Npgsql;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Plain Npgsql on the mesh database for the topology's bulk work (array upserts, key lookups, pruning), where EF Core's
/// change tracking would cost more than it gives. Its own pool, so that a burst of writes never starves API requests.
/// </summary>
public sealed class TopologyDatabase(IConfiguration configuration) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(
        configuration.GetConnectionString(MeshDatabase.ConnectionStringName)
        ?? throw new InvalidOperationException($"ConnectionStrings:{MeshDatabase.ConnectionStringName} is not set."));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
