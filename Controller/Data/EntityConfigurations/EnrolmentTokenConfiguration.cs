using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class EnrolmentTokenConfiguration : IEntityTypeConfiguration<EnrolmentToken>
{
    public void Configure(EntityTypeBuilder<EnrolmentToken> token)
    {
        token.ToTable("enrolment_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Name).HasMaxLength(100);
        token.HasIndex(t => t.SecretHash).IsUnique();
        token.ToTable(t => t.HasCheckConstraint("ck_enrolment_tokens_uses", "uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)"));
    }
}
