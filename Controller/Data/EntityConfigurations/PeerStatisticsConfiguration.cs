using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class PeerStatisticsConfiguration : IEntityTypeConfiguration<PeerStatistics>
{
    public void Configure(EntityTypeBuilder<PeerStatistics> stats)
    {
        stats.ToTable("peer_statistics");
        stats.HasKey(s => new { s.NodeId, s.PeerPublicKey });
        stats.Property(s => s.PeerPublicKey).HasMaxLength(44);
        stats.Property(s => s.Endpoint).HasMaxLength(64);
        stats.HasOne<Node>().WithMany().HasForeignKey(s => s.NodeId).OnDelete(DeleteBehavior.Cascade);
    }
}
