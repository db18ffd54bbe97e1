using Babelwire.Controller.Data;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Tests.Infrastructure;

/// <summary>The model (Controller/Data) and the migrations (migrations/) agree; neither check opens a connection.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void The_migrations_assembly_is_found_by_name_through_the_ordinary_reference()
    {
        using var db = CreateContext();

        Assert.Contains(db.Database.GetMigrations(), id => id.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_snapshot_has_no_pending_changes()
    {
        using var db = CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed since the last migration: add one with dotnet ef migrations add (see migrations/README.md).");
    }

    private static MeshDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<MeshDbContext>();
        options.UseMeshDatabase("Host=127.0.0.1;Database=unused");
        return new MeshDbContext(options.Options);
    }
}
