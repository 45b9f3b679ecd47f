using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Core.Persistence.Configurations;

internal sealed class ConfigurationVersionConfiguration : IEntityTypeConfiguration<ConfigurationVersion>
{
    public void Configure(EntityTypeBuilder<ConfigurationVersion> builder)
    {
        builder.ToTable("ConfigurationVersions");
        builder.HasKey(v => v.Id);
        // Two publishes racing for the same number: the second fails instead of overwriting.
        builder.HasIndex(v => new { v.CustomerId, v.Number }).IsUnique();
        builder.Property(v => v.DocumentJson).IsRequired();
        builder.Property(v => v.Note).HasMaxLength(ConfigurationVersion.NoteMaxLength);
        builder.Property(v => v.PublishedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.ApprovedBy).HasMaxLength(256);
        builder.HasOne<Customer>().WithMany().HasForeignKey(v => v.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
