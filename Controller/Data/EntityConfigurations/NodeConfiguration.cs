using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class NodeConfiguration : IEntityTypeConfiguration<Node>
{
    public void Configure(EntityTypeBuilder<Node> node)
    {
        node.ToTable("nodes");
        node.HasKey(n => n.Id);
        node.Property(n => n.Name).HasMaxLength(63);
        node.HasIndex(n => n.Name).IsUnique();
        node.Property(n => n.PublicKey).HasMaxLength(44);
        node.HasIndex(n => n.PublicKey).IsUnique();
        node.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        node.Property(n => n.AgentVersion).HasMaxLength(64);
        node.Property(n => n.Version).IsRowVersion();
    }
}
