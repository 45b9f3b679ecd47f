using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Ingestion;

/// <summary>One accepted event in the event log, with its outcome and (for a while) its raw payload.</summary>
public sealed class IngestedEvent : ICustomerOwned
{
    public const int MessageIdMaxLength = 200;

    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    public Guid SourceId { get; set; }

    /// <summary>Unique per source: a retried event is recognised by it.</summary>
    public required string MessageId { get; set; }

    /// <summary>identify, track, page, screen, group, alias, delete; or what the sender wrote.</summary>
    public string? Type { get; set; }

    /// <summary>The Track event name.</summary>
    public string? EventName { get; set; }

    public string? UserId { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public EventStatus Status { get; set; }

    public string? Reason { get; set; }

    public int? ConfigurationVersion { get; set; }

    /// <summary>For an applied Identify: the IDS primary key it wrote (lineage).</summary>
    public string? RecordKey { get; set; }

    /// <summary>The event as received; null once the retention period has passed.</summary>
    public string? RawPayload { get; set; }

    /// <summary>The <see cref="EventEnvelope"/> of the batch this event inherited fields from, if any.</summary>
    public long? EnvelopeId { get; set; }

    public DateTime? ReplayedAtUtc { get; set; }
}

/// <summary>
/// The fields a batch's events inherit from its envelope (see <see cref="BatchEnvelope"/>), stored once
/// for all of them; purged with the raw payloads.
/// </summary>
public sealed class EventEnvelope : ICustomerOwned
{
    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>A JSON object of <c>context</c>, <c>integrations</c> and <c>sentAt</c> as the batch sent them.</summary>
    public required string Json { get; set; }
}

/// <summary>What became of an event (docs/product.md section 2).</summary>
public enum EventStatus
{
    Applied = 0,
    Duplicate = 1,
    Failed = 2,
    Skipped = 3,
    Deleted = 4,
}

/// <summary>The names of <see cref="EventStatus"/> as the API, the portal and exports write and read them.</summary>
public static class EventStatusNames
{
    /// <summary>Every name, in the enum's order: "applied, duplicate, failed, skipped, deleted".</summary>
    public static string All { get; } = string.Join(", ", Enum.GetValues<EventStatus>().Select(Name));

    public static string Name(EventStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A status by its name, in any case; numbers are not names.</summary>
    public static bool TryParse(string? text, out EventStatus status)
    {
        status = default;
        return !string.IsNullOrWhiteSpace(text) && !text.Any(char.IsDigit) && Enum.TryParse(text.Trim(), ignoreCase: true, out status);
    }
}
