using System.Text.Json;
using SelligentPortal.Core.Ingestion;

namespace SelligentPortal.Core.Records;

/// <summary>A page of a list, and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>An IDS record as the API and the portal show it.</summary>
public sealed record IdsRecordView(
    string PrimaryKey, string? Email, JsonElement Fields, int ConfigurationVersion, DateTime CreatedAt, DateTime UpdatedAt, DateTime LastEventAt);

/// <summary>An IDS record with the events that produced or changed it.</summary>
public sealed record IdsRecordDetail(IdsRecordView Record, IReadOnlyList<EventSummary> Events);

/// <summary>An Interaction Extension record.</summary>
public sealed record InteractionView(
    string Extension, string EventId, string RecipientKey, bool RecipientIdentified, string? EventType, DateTime EventTimestamp,
    JsonElement Fields, int ConfigurationVersion, long EventLogId, DateTime CreatedAt);

/// <summary>An Interaction Extension record with the event that produced it (null if that log line is gone).</summary>
public sealed record InteractionDetail(InteractionView Record, EventSummary? Event);

/// <summary>An event-log line.</summary>
public sealed record EventSummary(
    long Id, Guid SourceId, string MessageId, string? Type, string? EventName, string? UserId, DateTime ReceivedAt,
    EventStatus Status, string? Reason, int? ConfigurationVersion, DateTime? ReplayedAt);

/// <summary>An event-log line with its raw payload (null once purged).</summary>
public sealed record EventDetail(EventSummary Event, string? RawPayload);

/// <summary>Filters of the event log (<see cref="Reason"/>: the exact failure or skip reason).</summary>
public sealed record EventFilter(
    EventStatus? Status = null, string? Type = null, string? MessageId = null, DateTime? From = null, DateTime? To = null, string? Reason = null);

/// <summary>Filters of an Interaction Extension's records.</summary>
public sealed record InteractionFilter(string? Recipient = null, string? EventType = null, DateTime? From = null, DateTime? To = null);
