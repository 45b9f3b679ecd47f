using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Core.Auditing;

/// <summary>
/// Turns stored audit entries into what people read: a one-line summary per entry and, on demand, the
/// change itself (configuration documents compared table by table, other states value by value).
/// </summary>
public static class AuditWording
{
    /// <summary>The line of an entry; <paramref name="customerName"/> null when global or unknown.</summary>
    public static AuditLine Line(AuditEntry entry, string? customerName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditLine(entry.Id, DateTime.SpecifyKind(entry.AtUtc, DateTimeKind.Utc), entry.ActorName, entry.CustomerId, customerName,
            entry.Action, entry.Subject, Summary(entry), entry.Before is not null || entry.After is not null);
    }

    /// <summary>The detail of an entry.</summary>
    public static AuditDetail Detail(AuditEntry entry, string? customerName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = Line(entry, customerName);
        if (Documents(entry) is { } documents)
        {
            var values = Values(entry).Where(v => v.Name != "document").ToList();
            return new AuditDetail(line, ConfigurationComparison.Compare(documents.Before, documents.After), values);
        }

        return new AuditDetail(line, null, Values(entry));
    }

    private static string Summary(AuditEntry entry)
    {
        var subject = entry.Subject;
        return entry.Action switch
        {
            "configuration.draft-saved" => $"Saved {subject}: {ConfigurationChanges(entry)}",
            "configuration.published" => $"Published {subject}{Note(entry)}",
            "configuration.restored" => $"Restored and published {subject}{Note(entry)}",
            "configuration.restored-to-draft" => $"Restored {subject}: {ConfigurationChanges(entry)}",
            "configuration.published-urgently" => $"Published {subject} urgently, without approval{Note(entry)}",
            "configuration.publish-requested" => $"Requested a publish of {subject}{Note(entry)}: {ConfigurationChanges(entry)}",
            "configuration.publish-approved" => $"Approved {subject}{Comment(entry)}",
            "configuration.publish-rejected" => $"Rejected {subject}{Comment(entry)}",
            "configuration.publish-withdrawn" => $"Withdrew {subject}{Comment(entry)}",
            "configuration.publish-superseded" => $"Superseded {subject}{Comment(entry)}",
            "customer.publish-approval-required" => $"Required approval for publishing {subject}'s configuration",
            "customer.publish-approval-not-required" => $"Stopped requiring approval for publishing {subject}'s configuration",
            "configuration.shadow-started" => $"Started a {subject}",
            "configuration.shadow-ended" => $"Ended the {subject}: {Configuration.Shadow.ShadowEndReasons.Describe(Value(entry.After, "reason"))}",
            "customer.created" => $"Created customer {subject}",
            "customer.renamed" => $"Renamed customer {Value(entry.Before, "name")} to {subject}",
            "customer.managers-assigned" => $"Changed the Relationship Managers of {subject}",
            "customer.suspended" => $"Suspended {subject}",
            "customer.reactivated" => $"Reactivated {subject}",
            "source.created" => $"Created source {subject}",
            "source.changed" => $"Changed source {subject}: {string.Join(", ", Values(entry).Select(v => $"{Words(v.Name)} {v.Before ?? "none"} → {v.After ?? "none"}"))}",
            "write-key.created" => $"Generated write key {subject}",
            "write-key.revoked" => $"Revoked write key {subject}",
            "signing-secret.generated" => $"Generated a signing secret for {subject}",
            "signing-secret.removed" => $"Removed the signing secret of {subject}",
            "events.replayed" => $"Replayed {subject}",
            "setup.first-admin" => $"Created the first Admin, {subject}",
            "user.invited" => $"Invited {subject}",
            "user.password-reset-issued" => $"Issued a password reset link for {subject}",
            "user.disabled" => $"Disabled {subject}",
            "user.enabled" => $"Enabled {subject}",
            "user.role-changed" => $"Changed the role of {subject}",
            "api-token.created" => $"Created API token {subject}",
            "api-token.revoked" => $"Revoked API token {subject}",
            _ => $"{entry.Action} {subject}",
        };
    }

    private static string ConfigurationChanges(AuditEntry entry)
    {
        if (Documents(entry) is not { } documents)
        {
            return "the configuration";
        }

        var changed = ConfigurationComparison.Compare(documents.Before, documents.After).Where(t => t.Kind != ChangeKind.Unchanged).ToList();
        return changed.Count == 0 ? "no schema or mapping change" : string.Join("; ", changed.Select(t => $"{t.Name}: {t.Summary}"));
    }

    private static string Note(AuditEntry entry) => Value(entry.After, "note") is { Length: > 0 } note ? $" (\"{note}\")" : "";

    private static string Comment(AuditEntry entry) => Value(entry.After, "comment") is { Length: > 0 } comment ? $": \"{comment}\"" : "";

    /// <summary>A configuration entry's documents (stored as JSON text in "document"); null for other entries.</summary>
    private static (ConfigurationDocument? Before, ConfigurationDocument After)? Documents(AuditEntry entry)
    {
        if (Value(entry.After, "document") is not { } after || ConfigurationDocumentSerializer.Parse(after).Document is not { } document)
        {
            return null;
        }

        var before = Value(entry.Before, "document") is { } json ? ConfigurationDocumentSerializer.Parse(json).Document : null;
        return (before, document);
    }

    /// <summary>The top-level values that differ between the two states, as compact text.</summary>
    private static List<AuditValueChange> Values(AuditEntry entry)
    {
        var before = Properties(entry.Before);
        var after = Properties(entry.After);
        return before.Keys.Concat(after.Keys).Distinct(StringComparer.Ordinal)
            .Select(name => new AuditValueChange(name, before.GetValueOrDefault(name), after.GetValueOrDefault(name)))
            .Where(v => v.Before != v.After)
            .ToList();
    }

    private static string? Value(string? json, string name) => Properties(json).GetValueOrDefault(name);

    private static Dictionary<string, string?> Properties(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (json is null)
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }
            }
        }
        catch (JsonException)
        {
            // A state written before it was JSON: nothing to show value by value.
        }

        return values;
    }

    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
