using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace Babelwire.Controller.Data;

/// <summary>
/// The controller's database. Its migrations are the <c>migrations</c> project (Babelwire.Migrations), which references this
/// project; the controller references both, so EF Core finds that assembly by name in the ordinary build output.
/// </summary>
public sealed class MeshDbContext(DbContextOptions<MeshDbContext> options) : DbContext(options)
{
    public const string MigrationsAssembly = "Babelwire.Migrations";

    public DbSet<Node> Nodes => Set<Node>();

    public DbSet<EnrolmentToken> EnrolmentTokens => Set<EnrolmentToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AddressLease> AddressLeases => Set<AddressLease>();

    public DbSet<Adjacency> Adjacencies => Set<Adjacency>();

    public DbSet<SelectedRoute> Routes => Set<SelectedRoute>();

    public DbSet<PeerStatistics> PeerStatistics => Set<PeerStatistics>();

    public DbSet<MeshEvent> Events => Set<MeshEvent>();

    public DbSet<MeshSettings> Settings => Set<MeshSettings>();

    public DbSet<DashboardAdmin> DashboardAdmins => Set<DashboardAdmin>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MeshDbContext).Assembly);
}
