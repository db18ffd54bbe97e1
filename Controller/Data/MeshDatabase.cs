using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Data;

/// <summary>How the controller talks to PostgreSQL; shared by the host and the design-time factory so both build the same model.</summary>
public static class MeshDatabase
{
    /// <summary>The connection string's name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Mesh";

    public static DbContextOptionsBuilder UseMeshDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MeshDbContext.MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
}
