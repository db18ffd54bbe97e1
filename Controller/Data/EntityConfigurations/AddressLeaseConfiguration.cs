using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class AddressLeaseConfiguration : IEntityTypeConfiguration<AddressLease>
{
    public void Configure(EntityTypeBuilder<AddressLease> lease)
    {
        lease.ToTable("address_leases");
        lease.HasKey(l => l.Id);
        lease.Property(l => l.Id).UseIdentityAlwaysColumn();
        // The unique index is what makes allocation safe: two enrolments racing for one address cannot both insert it.
        lease.Property(l => l.Address).HasMaxLength(39);
        lease.HasIndex(l => l.Address).IsUnique();
        lease.HasIndex(l => l.NodeId);
    }
}
