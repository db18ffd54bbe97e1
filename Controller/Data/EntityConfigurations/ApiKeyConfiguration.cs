using Babelwire.Controller.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Babelwire.Controller.Data.EntityConfigurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Name).HasMaxLength(100);
        key.HasIndex(k => k.SecretHash).IsUnique();
    }
}
