using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>
/// Writes a mapping result as the preview answers it: the IDS record, one record per extension, and
/// every error naming its table and field.
/// </summary>
public static class MappingResultJson
{
    public static void Write(Utf8JsonWriter writer, MappingResult result, string version)
    {
        writer.WriteStartObject();
        writer.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
        writer.WriteString("version", version);
        writer.WriteString("eventType", result.EventType);

        writer.WritePropertyName("internalDataSource");
        var ids = result.Records.FirstOrDefault(r => r.Kind == TableKind.InternalDataSource);
        if (ids is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            WriteRecord(writer, ids);
        }

        writer.WriteStartObject("interactionExtensions");
        foreach (var record in result.Records.Where(r => r.Kind == TableKind.InteractionExtension))
        {
            writer.WritePropertyName(record.Table);
            WriteRecord(writer, record);
        }

        writer.WriteEndObject();

        writer.WriteStartArray("errors");
        foreach (var error in result.Errors)
        {
            writer.WriteStartObject();
            writer.WriteString("table", error.Table);
            writer.WriteString("field", error.Field);
            writer.WriteString("message", error.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("skipReason", result.SkipReason);
        writer.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter writer, MappedRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("table", record.Table);
        writer.WritePropertyName("fields");
        record.WriteFieldsTo(writer);
        writer.WriteEndObject();
    }
}
