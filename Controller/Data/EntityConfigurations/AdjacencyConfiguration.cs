using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class AdjacencyConfiguration : IEntityTypeConfiguration<Adjacency>
{
    public void Configure(EntityTypeBuilder<Adjacency> adjacency)
    {
        adjacency.ToTable("adjacencies");
        adjacency.HasKey(a => new { a.ReporterId, a.NeighbourAddress });
        adjacency.Property(a => a.NeighbourAddress).HasMaxLength(45);
        adjacency.Property(a => a.PeerPublicKey).HasMaxLength(44);
        adjacency.Property(a => a.Interface).HasMaxLength(15);
        adjacency.HasOne<Node>().WithMany().HasForeignKey(a => a.ReporterId).OnDelete(DeleteBehavior.Cascade);
        adjacency.HasIndex(a => a.NeighbourNodeId);
    }
}
