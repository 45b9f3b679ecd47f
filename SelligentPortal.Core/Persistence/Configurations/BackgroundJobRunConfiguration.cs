using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SelligentPortal.Core.Cluster;

namespace SelligentPortal.Core.Persistence.Configurations;

internal sealed class BackgroundJobRunConfiguration : IEntityTypeConfiguration<BackgroundJobRun>
{
    public void Configure(EntityTypeBuilder<BackgroundJobRun> builder)
    {
        builder.ToTable("BackgroundJobRuns");
        builder.HasKey(r => r.Name);
        builder.Property(r => r.Name).HasMaxLength(BackgroundJobRun.NameMaxLength);
    }
}
