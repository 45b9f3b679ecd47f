using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelligentPortal.Core.Common;

/// <summary>
/// Strings in API JSON without NUL (<c>\u0000</c>): no database engine stores it, and some refuse it
/// even in a query, so a body holding one is refused (400) before anything reads or stores it, on
/// every engine alike.
/// </summary>
public sealed class NulFreeStringJsonConverter : JsonConverter<string>
{
    public const string Refusal = "Text may not hold NUL characters (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(Refusal) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
