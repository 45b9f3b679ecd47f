using System.Text.Json;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Core.Ingestion.Prepare;

/// <summary>An event's time as Segment computes it, for the out-of-order rule.</summary>
public static class SegmentTimestamps
{
    private static readonly DateTime EarliestPlausible = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// <c>timestamp</c>; else receivedAt − (sentAt − originalTimestamp) when both are present; else
    /// receivedAt. Times are read as the mapping's datetime fields read them, and a correction that
    /// falls outside the calendar is ignored, so no value can make this throw. A batch's event takes
    /// <c>sentAt</c> from the <paramref name="envelope"/> when it has none.
    /// </summary>
    public static DateTime EventTimeUtc(JsonElement segmentEvent, DateTime receivedAtUtc, JsonElement envelope = default)
    {
        if (Read(segmentEvent, "timestamp") is { } timestamp)
        {
            return timestamp;
        }

        var sentAt = Read(segmentEvent, "sentAt")
            ?? (BatchEnvelope.Inherits(segmentEvent, envelope, "sentAt") ? Read(envelope, "sentAt") : null);
        if (sentAt is { } sent && Read(segmentEvent, "originalTimestamp") is { } original
            && Iso8601.TryCorrectSkew(receivedAtUtc, sent, original, out var corrected))
        {
            return corrected;
        }

        return receivedAtUtc;
    }

    private static DateTime? Read(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || !Iso8601.TryReadInstant(value, out var utc))
        {
            return null;
        }

        // Epoch seconds (~1.7e9) read as milliseconds land in January 1970 and would make every later
        // event look old: such times fall back to the receive time.
        return value.ValueKind == JsonValueKind.Number && utc < EarliestPlausible ? null : utc;
    }
}
