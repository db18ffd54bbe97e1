using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class SelectedRouteConfiguration : IEntityTypeConfiguration<SelectedRoute>
{
    public void Configure(EntityTypeBuilder<SelectedRoute> route)
    {
        route.ToTable("routes");
        route.HasKey(r => new { r.NodeId, r.Prefix });
        route.Property(r => r.Prefix).HasMaxLength(49);
        route.Property(r => r.RouterId).HasMaxLength(23);
        route.Property(r => r.NextHop).HasMaxLength(45);
        route.Property(r => r.NextHopPeerPublicKey).HasMaxLength(44);
        route.HasOne<Node>().WithMany().HasForeignKey(r => r.NodeId).OnDelete(DeleteBehavior.Cascade);
    }
}
