using SelligentPortal.Core.Ingestion.Prepare;

namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>What the event log records of an event, as every engine stores it.</summary>
/// <remarks>The raw payload is UTF-8 JSON; null for a deletion, whose line keeps no personal data.</remarks>
public sealed record EventLogLine(
    EventStatus Status, string? Reason, int? ConfigurationVersion, string? RecordKey, string? UserId, byte[]? RawPayload, string? Type, string? EventName)
{
    /// <summary>The line of a prepared event with <paramref name="reason"/>, cut to the columns' sizes.</summary>
    public static EventLogLine Of(PreparedEvent prepared, string? reason)
    {
        var deleting = prepared.Status == EventStatus.Deleted;
        return new EventLogLine(
            prepared.Status,
            Truncate(reason, 2000),
            prepared.ConfigurationVersion,
            prepared.Status == EventStatus.Applied ? prepared.IdsRecord?.PrimaryKey : null,
            // The line of a deletion keeps no personal data.
            deleting ? null : prepared.Incoming.UserId,
            deleting ? null : prepared.Incoming.RawUtf8,
            Truncate(prepared.Incoming.Type, 40),
            Truncate(prepared.Incoming.EventName, 200));
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
