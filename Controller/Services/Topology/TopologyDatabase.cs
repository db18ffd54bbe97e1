using Babelwire.Controller.Data;
using Npgsql;

namespace Babelwire.Controller.Services.Topology;

/// <summary>
/// Plain Npgsql on the mesh database for the topology's bulk work (array upserts, key lookups, pruning), where EF Core's
/// change tracking would cost more than it gives. Connections come from Npgsql's pool for the connection string (the
/// one EF Core uses too), so that <c>NpgsqlConnection.ClearAllPools</c> and friends see them.
/// </summary>
public sealed class TopologyDatabase(IConfiguration configuration)
{
    private readonly string _connectionString = configuration.GetConnectionString(MeshDatabase.ConnectionStringName)
        ?? throw new InvalidOperationException($"ConnectionStrings:{MeshDatabase.ConnectionStringName} is not set.");

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
