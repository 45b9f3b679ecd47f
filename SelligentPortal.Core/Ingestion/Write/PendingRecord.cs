using System.Text.Json;
using System.Text.Json.Nodes;
using SelligentPortal.Core.Ingestion.Prepare;

namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>An IDS record being merged by the writer: loaded once per group, written once at the end.</summary>
public sealed class PendingRecord(long? id, JsonObject fields, string? email, DateTime lastEventAtUtc, int configurationVersion)
{
    /// <summary>A record the group creates: its first event is always newer than <see cref="DateTime.MinValue"/>.</summary>
    public static PendingRecord New() => new(null, [], null, DateTime.MinValue, 0);

    /// <summary>The row's id; null for a record this group creates.</summary>
    public long? Id { get; } = id;

    public JsonObject Fields { get; } = fields;

    public string? Email { get; set; } = email;

    public DateTime LastEventAtUtc { get; set; } = lastEventAtUtc;

    public int ConfigurationVersion { get; set; } = configurationVersion;

    /// <summary>
    /// Identify's rule (docs/product.md section 5): mapped fields overwrite; fields the event does not
    /// carry keep their values; an event older than the record's last applied event only fills fields
    /// that are still empty. The same on every engine.
    /// </summary>
    public void Merge(PreparedIdsRecord ids, PreparedEvent prepared)
    {
        var newer = prepared.EventTimeUtc >= LastEventAtUtc;
        foreach (var (name, json) in ids.Fields)
        {
            if (newer || IsEmpty(Fields[name]))
            {
                Fields[name] = JsonNode.Parse(json);
            }
        }

        if (newer || string.IsNullOrEmpty(Email))
        {
            Email = ids.Email ?? Email;
        }

        if (newer)
        {
            LastEventAtUtc = prepared.EventTimeUtc;
            ConfigurationVersion = prepared.ConfigurationVersion ?? 0;
        }
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);
}
