using SelligentPortal.Core.Ingestion.Receive;

namespace SelligentPortal.Core.Ingestion.Prepare;

/// <summary>An event mapped in the request's thread, waiting for the writer to store it.</summary>
public sealed class PreparedEvent
{
    public required IncomingEvent Incoming { get; init; }

    public required EventStatus Status { get; init; }

    public string? Reason { get; init; }

    public int? ConfigurationVersion { get; init; }

    /// <summary>The event time (Segment's corrected timestamp): decides the out-of-order rule.</summary>
    public DateTime EventTimeUtc { get; init; }

    public PreparedIdsRecord? IdsRecord { get; init; }

    public IReadOnlyList<PreparedInteraction> Interactions { get; init; } = [];

    /// <summary>For a Delete: the IDS primary key whose record, interactions and events go.</summary>
    public string? DeleteKey { get; init; }

    /// <summary>For a Delete: the Segment user id (userId, else anonymousId) whose events go too.</summary>
    public string? DeleteUserId { get; init; }
}

/// <summary>An IDS upsert: field name → JSON value.</summary>
public sealed record PreparedIdsRecord(string PrimaryKey, string? Email, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>An Interaction Extension insert; the mapped fields as a UTF-8 JSON object.</summary>
public sealed record PreparedInteraction(string Extension, string EventId, string RecipientKey, string? EventType, DateTime EventTimestampUtc, byte[] FieldsUtf8);
