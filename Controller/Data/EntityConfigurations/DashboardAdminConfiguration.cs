using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class DashboardAdminConfiguration : IEntityTypeConfiguration<DashboardAdmin>
{
    public void Configure(EntityTypeBuilder<DashboardAdmin> admin)
    {
        admin.ToTable("dashboard_admins", t => t.HasCheckConstraint("ck_dashboard_admins_single", "id = 1"));
        admin.HasKey(a => a.Id);
        admin.Property(a => a.Id).ValueGeneratedNever();
        admin.Property(a => a.UserName).HasMaxLength(100);
        admin.Property(a => a.PasswordHash).HasMaxLength(1000);
    }
}
