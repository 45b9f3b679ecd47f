using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Sources;

namespace SelligentPortal.Core.Persistence.Configurations;

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable("Sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Source.NameMaxLength).IsRequired();
        builder.HasIndex(s => s.CustomerId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Keys).WithOne().HasForeignKey(k => k.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WriteKeyConfiguration : IEntityTypeConfiguration<WriteKey>
{
    public void Configure(EntityTypeBuilder<WriteKey> builder)
    {
        builder.ToTable("WriteKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Prefix).HasMaxLength(20).IsRequired();
        builder.Property(k => k.SecretHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.Prefix);
    }
}

internal sealed class IngestedEventConfiguration : IEntityTypeConfiguration<IngestedEvent>
{
    public void Configure(EntityTypeBuilder<IngestedEvent> builder)
    {
        builder.ToTable("Events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.MessageId).HasMaxLength(IngestedEvent.MessageIdMaxLength).IsRequired();
        builder.Property(e => e.Type).HasMaxLength(40);
        builder.Property(e => e.EventName).HasMaxLength(200);
        builder.Property(e => e.UserId).HasMaxLength(200);
        builder.Property(e => e.RecordKey).HasMaxLength(IdsRecord.PrimaryKeyMaxLength);
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        // The dedupe rule of docs/product.md section 5, enforced by the database itself; led by the
        // customer, as a PostgreSQL distributed by customer needs (a source belongs to one customer, so
        // the rule is the same). docs/decisions/0004-database-engines.md.
        builder.HasIndex(e => new { e.CustomerId, e.SourceId, e.MessageId }).IsUnique();
        // Every index costs each ingested event a B-tree insert, so there are few: the log in order,
        // and partial indexes that only the rare rows enter (failures, applied identifies for lineage).
        builder.HasIndex(e => new { e.CustomerId, e.Id });
        builder.HasIndex(e => new { e.CustomerId, e.Status, e.Id }).HasFilter("\"Status\" = 'Failed'");
        builder.HasIndex(e => new { e.CustomerId, e.RecordKey }).HasFilter("\"RecordKey\" IS NOT NULL");
        // A user deletion finds the Segment user's events by it, inside the writer's transaction: never a scan.
        builder.HasIndex(e => new { e.CustomerId, e.UserId });
    }
}

internal sealed class EventEnvelopeConfiguration : IEntityTypeConfiguration<EventEnvelope>
{
    public void Configure(EntityTypeBuilder<EventEnvelope> builder)
    {
        builder.ToTable("EventEnvelopes");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Json).IsRequired();
        // The retention purge. Events point here without a foreign key: the writer pays no lookup for it,
        // and an envelope purged before its events' raw payloads simply reads as none.
        builder.HasIndex(e => e.ReceivedAtUtc);
    }
}

internal sealed class IdsRecordConfiguration : IEntityTypeConfiguration<IdsRecord>
{
    public void Configure(EntityTypeBuilder<IdsRecord> builder)
    {
        builder.ToTable("IdsRecords");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.PrimaryKey).HasMaxLength(IdsRecord.PrimaryKeyMaxLength).IsRequired();
        builder.Property(r => r.Email).HasMaxLength(IdsRecord.EmailMaxLength);
        builder.Property(r => r.FieldsJson).IsRequired();
        builder.HasIndex(r => new { r.CustomerId, r.PrimaryKey }).IsUnique();
        builder.HasIndex(r => new { r.CustomerId, r.Email });
        // No (CustomerId, Id) index: every list orders by key or by change time, and each index costs an identify a B-tree insert.
        // The records grid's default order (last changed first) and its time filter; the rowid (Id) breaks ties.
        builder.HasIndex(r => new { r.CustomerId, r.UpdatedAtUtc });
    }
}

internal sealed class InteractionRecordConfiguration : IEntityTypeConfiguration<InteractionRecord>
{
    public void Configure(EntityTypeBuilder<InteractionRecord> builder)
    {
        builder.ToTable("InteractionRecords");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Extension).HasMaxLength(64).IsRequired();
        builder.Property(r => r.EventId).HasMaxLength(InteractionRecord.KeyMaxLength).IsRequired();
        builder.Property(r => r.RecipientKey).HasMaxLength(InteractionRecord.KeyMaxLength).IsRequired();
        builder.Property(r => r.EventType).HasMaxLength(InteractionRecord.EventTypeMaxLength);
        builder.Property(r => r.FieldsJson).IsRequired();
        builder.HasIndex(r => new { r.CustomerId, r.Extension, r.EventId }).IsUnique();
        builder.HasIndex(r => new { r.CustomerId, r.Extension, r.Id });
        builder.HasIndex(r => new { r.CustomerId, r.RecipientKey });
    }
}

internal sealed class IngestionMinuteStatConfiguration : IEntityTypeConfiguration<Dashboard.IngestionMinuteStat>
{
    public void Configure(EntityTypeBuilder<Dashboard.IngestionMinuteStat> builder)
    {
        builder.ToTable("IngestionMinuteStats");
        // The writer upserts on this key; the dashboard reads a customer's range of minutes from it.
        builder.HasKey(s => new { s.CustomerId, s.MinuteUtc });
        // All customers' recent minutes (Admins) and the retention purge.
        builder.HasIndex(s => s.MinuteUtc);
    }
}
