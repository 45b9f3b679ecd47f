using System.Globalization;
using System.Text.Json;

namespace SelligentPortal.Core.Ingestion;

/// <summary>An event's time as Segment computes it, for the out-of-order rule.</summary>
public static class SegmentTimestamps
{
    private static readonly DateTime EarliestPlausible = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

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

    /// <summary>An ISO 8601 text, or epoch milliseconds as the mapping's datetime fields also read them.</summary>
    private static DateTime? Read(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                => parsed.UtcDateTime,
            // Only milliseconds that land after 2000: epoch seconds (~1.7e9) would read as January 1970
            // and make every later event look old, so they fall back to the receive time.
            JsonValueKind.Number when Mapping.Iso8601.TryFromEpochMilliseconds(value, out var utc) && utc >= EarliestPlausible => utc,
            _ => null,
        };
    }
}
