using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SelligentPortal.Core.Configuration.Approval;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Core.Persistence.Configurations;

internal sealed class RegressionFixtureConfiguration : IEntityTypeConfiguration<RegressionFixture>
{
    public void Configure(EntityTypeBuilder<RegressionFixture> builder)
    {
        builder.ToTable("RegressionFixtures");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.CustomerId, f.Name }).IsUnique();
        builder.Property(f => f.Name).HasMaxLength(RegressionFixture.NameMaxLength).IsRequired();
        builder.Property(f => f.EventJson).IsRequired();
        builder.Property(f => f.ExpectedJson).IsRequired();
        builder.Property(f => f.Origin).HasMaxLength(20).IsRequired();
        builder.Property(f => f.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(f => f.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.HasOne<Customer>().WithMany().HasForeignKey(f => f.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublishRequestConfiguration : IEntityTypeConfiguration<PublishRequest>
{
    public void Configure(EntityTypeBuilder<PublishRequest> builder)
    {
        builder.ToTable("PublishRequests");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.CustomerId, r.Status });
        builder.Property(r => r.DocumentJson).IsRequired();
        builder.Property(r => r.Note).HasMaxLength(Configuration.Versions.ConfigurationVersion.NoteMaxLength);
        builder.Property(r => r.RequestedById).HasMaxLength(450).IsRequired();
        builder.Property(r => r.RequestedBy).HasMaxLength(256).IsRequired();
        builder.Property(r => r.DecidedById).HasMaxLength(450);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
        builder.Property(r => r.DecisionComment).HasMaxLength(PublishRequest.CommentMaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShadowRunConfiguration : IEntityTypeConfiguration<ShadowRun>
{
    public void Configure(EntityTypeBuilder<ShadowRun> builder)
    {
        builder.ToTable("ShadowRuns");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.CustomerId, r.EndedAtUtc });
        builder.Property(r => r.DocumentJson).IsRequired();
        builder.Property(r => r.StartedBy).HasMaxLength(256).IsRequired();
        builder.Property(r => r.EndReason).HasMaxLength(200);
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShadowRunTallyConfiguration : IEntityTypeConfiguration<ShadowRunTally>
{
    public void Configure(EntityTypeBuilder<ShadowRunTally> builder)
    {
        builder.ToTable("ShadowRunTallies");
        builder.HasKey(t => new { t.RunId, t.InstanceId });
        builder.Property(t => t.InstanceId).HasMaxLength(100);
        builder.Property(t => t.SummaryJson).IsRequired();
        builder.HasOne<ShadowRun>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
