using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class MeshSettingsConfiguration : IEntityTypeConfiguration<MeshSettings>
{
    public void Configure(EntityTypeBuilder<MeshSettings> settings)
    {
        settings.ToTable("mesh_settings", t => t.HasCheckConstraint("ck_mesh_settings_singleton", "id = 1"));
        settings.HasKey(s => s.Id);
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.Version).IsRowVersion();
    }
}
