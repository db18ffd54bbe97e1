using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class MeshEventConfiguration : IEntityTypeConfiguration<MeshEvent>
{
    public void Configure(EntityTypeBuilder<MeshEvent> meshEvent)
    {
        meshEvent.ToTable("events");
        meshEvent.HasKey(e => e.Id);
        meshEvent.Property(e => e.Id).UseIdentityAlwaysColumn();
        meshEvent.Property(e => e.Kind).HasMaxLength(32);
        meshEvent.Property(e => e.Prefix).HasMaxLength(49);
        meshEvent.Property(e => e.Message).HasMaxLength(500);
        // Retention deletes by time; the API pages by id, newest first, optionally per node.
        meshEvent.HasIndex(e => e.At);
        meshEvent.HasIndex(e => new { e.NodeId, e.Id });
    }
}
