using System.Globalization;
using System.Text.Json;

namespace SelligentPortal.Core.Ingestion;

/// <summary>An event's time as Segment computes it, for the out-of-order rule.</summary>
public static class SegmentTimestamps
{
    /// <summary><c>timestamp</c>; else receivedAt − (sentAt − originalTimestamp) when both are present; else receivedAt.</summary>
    public static DateTime EventTimeUtc(JsonElement segmentEvent, DateTime receivedAtUtc)
    {
        if (Read(segmentEvent, "timestamp") is { } timestamp)
        {
            return timestamp;
        }

        if (Read(segmentEvent, "sentAt") is { } sentAt && Read(segmentEvent, "originalTimestamp") is { } original)
        {
            return receivedAtUtc - (sentAt - original);
        }

        return receivedAtUtc;
    }

    private static DateTime? Read(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime
            : null;
}
