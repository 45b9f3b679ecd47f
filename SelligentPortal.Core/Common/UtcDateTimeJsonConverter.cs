using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelligentPortal.Core.Common;

/// <summary>
/// Times in API JSON as UTC with their zone, e.g. <c>2026-12-04T06:08:45.1104568Z</c>. Every time the
/// portal stores is UTC, but SQLite hands it back without a kind, and without the <c>Z</c> a client
/// would read it as its own local time. A time read without a zone is UTC, as everywhere in the portal.
/// </summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTime();
        return value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteStringValue(utc.ToString("O", CultureInfo.InvariantCulture));
    }
}
