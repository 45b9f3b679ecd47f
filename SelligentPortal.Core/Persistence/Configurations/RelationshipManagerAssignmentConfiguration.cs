using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Core.Persistence.Configurations;

internal sealed class RelationshipManagerAssignmentConfiguration : IEntityTypeConfiguration<RelationshipManagerAssignment>
{
    public void Configure(EntityTypeBuilder<RelationshipManagerAssignment> builder)
    {
        builder.ToTable("RelationshipManagerAssignments");
        builder.HasKey(a => new { a.CustomerId, a.UserId });
        builder.HasIndex(a => a.UserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
