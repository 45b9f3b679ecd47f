using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>A row of one of a customer's Interaction Extensions, keyed by its event id.</summary>
public sealed class InteractionRecord : ICustomerOwned
{
    /// <summary>The longest event id, recipient key and event type stored (their fields may be longer: such an event fails).</summary>
    public const int KeyMaxLength = 200, EventTypeMaxLength = 200;

    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    public required string Extension { get; set; }

    public required string EventId { get; set; }

    /// <summary>Links to the IDS record's primary key (which may not exist yet).</summary>
    public required string RecipientKey { get; set; }

    public string? EventType { get; set; }

    public DateTime EventTimestampUtc { get; set; }

    public required string FieldsJson { get; set; }

    public int ConfigurationVersion { get; set; }

    /// <summary>The event that produced it (lineage).</summary>
    public long IngestedEventId { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
