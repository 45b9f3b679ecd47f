using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Core.Persistence.Configurations;

internal sealed class ConfigurationDraftConfiguration : IEntityTypeConfiguration<ConfigurationDraft>
{
    public void Configure(EntityTypeBuilder<ConfigurationDraft> builder)
    {
        builder.ToTable("ConfigurationDrafts");
        builder.HasKey(d => d.CustomerId);
        builder.Property(d => d.DocumentJson).IsRequired();
        builder.Property(d => d.Revision).IsConcurrencyToken();
        builder.Property(d => d.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.HasOne<Customer>().WithOne().HasForeignKey<ConfigurationDraft>(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
