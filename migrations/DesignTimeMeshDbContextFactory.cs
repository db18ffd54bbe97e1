using Babelwire.Controller.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Babelwire.Migrations;

/// <summary>
/// For <c>dotnet ef</c> only (see migrations/README.md). Adding a migration needs no server; applying one reads
/// the connection string from <c>ConnectionStrings__Mesh</c>.
/// </summary>
public sealed class DesignTimeMeshDbContextFactory : IDesignTimeDbContextFactory<MeshDbContext>
{
    public MeshDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__" + MeshDatabase.ConnectionStringName)
            ?? "Host=127.0.0.1;Database=babelwire;Username=babelwire";
        var options = new DbContextOptionsBuilder<MeshDbContext>();
        options.UseMeshDatabase(connectionString);
        return new MeshDbContext(options.Options);
    }
}
