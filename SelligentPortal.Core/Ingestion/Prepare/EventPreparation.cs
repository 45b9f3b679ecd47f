using System.Buffers;
using System.Text.Json;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Core.Ingestion.Prepare;

/// <summary>
/// Maps an event to what the writer stores: its IDS record, interactions or deletion, or the reason it
/// failed or was skipped. Runs in the request's thread for ingestion, and again for replay, dry run,
/// lineage, shadow runs and fixtures over events read back from the event log.
/// </summary>
public static class EventPreparation
{
    /// <summary>Maps one event read back from the event log (replay, dry run, lineage) from its bytes; never throws.</summary>
    public static PreparedEvent Prepare(IncomingEvent incoming, (int Version, CompiledConfiguration Compiled)? latest, DateTime receivedAtUtc) =>
        Prepare(incoming, parsed: null, envelope: default, latest, receivedAtUtc);

    /// <summary>
    /// Maps one event, read from <paramref name="parsed"/> when the request's body is still parsed, else
    /// from its raw bytes; <paramref name="envelope"/> is the request's parsed batch envelope, if any.
    /// Never throws: whatever goes wrong with one event fails that event, with the reason.
    /// </summary>
    public static PreparedEvent Prepare(
        IncomingEvent incoming, JsonElement? parsed, JsonElement envelope, (int Version, CompiledConfiguration Compiled)? latest, DateTime receivedAtUtc)
    {
        if (incoming.Failure is { } failure)
        {
            return new PreparedEvent { Incoming = incoming, Status = EventStatus.Failed, Reason = failure, ConfigurationVersion = latest?.Version };
        }

        if (latest is not { } configuration)
        {
            // A deletion needs no mapping: without one, the user is the Segment user id.
            if (incoming.Type == "delete")
            {
                return Deletion(incoming, incoming.UserId, version: null);
            }

            return new PreparedEvent
            {
                Incoming = incoming,
                Status = EventStatus.Failed,
                Reason = "No configuration is published for this customer yet; replay the event after publishing.",
            };
        }

        JsonDocument? document = null, envelopeDocument = null;
        try
        {
            var root = parsed ?? (document = JsonDocument.Parse(incoming.RawUtf8)).RootElement;
            if (envelope.ValueKind != JsonValueKind.Object && incoming.Envelope is { } stored)
            {
                envelope = (envelopeDocument = JsonDocument.Parse(stored.Utf8)).RootElement;
            }

            return incoming.Type == "delete"
                ? PrepareDelete(incoming, root, envelope, configuration, receivedAtUtc)
                : PrepareMapped(incoming, root, envelope, configuration, receivedAtUtc);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The engine reports bad values as errors and every time or number is range-checked; this
            // is the last line, so that nothing in one event can cost its whole request a 5xx.
            return new PreparedEvent
            {
                Incoming = incoming, Status = EventStatus.Failed, Reason = $"The event could not be mapped: {e.Message}", ConfigurationVersion = configuration.Version,
            };
        }
        finally
        {
            document?.Dispose();
            envelopeDocument?.Dispose();
        }
    }

    private static PreparedEvent PrepareDelete(
        IncomingEvent incoming, JsonElement root, JsonElement envelope, (int Version, CompiledConfiguration Compiled) configuration, DateTime receivedAtUtc)
    {
        // The IDS key is what the mapping makes of the event; the Segment user id when it cannot.
        var mapped = configuration.Compiled.Map(root, receivedAtUtc, "identify", envelope);
        var key = mapped.Records.FirstOrDefault(r => r.Kind == TableKind.InternalDataSource)?.PrimaryKey.ToString() ?? incoming.UserId;
        return Deletion(incoming, key, configuration.Version);
    }

    /// <summary>Segment's user deletion: the IDS record and interactions of <paramref name="recordKey"/>, and the events of both it and the Segment user.</summary>
    private static PreparedEvent Deletion(IncomingEvent incoming, string? recordKey, int? version) =>
        recordKey is null
            ? new PreparedEvent { Incoming = incoming, Status = EventStatus.Failed, Reason = "A delete needs a userId.", ConfigurationVersion = version }
            : new PreparedEvent { Incoming = incoming, Status = EventStatus.Deleted, DeleteKey = recordKey, DeleteUserId = incoming.UserId, ConfigurationVersion = version };

    private static PreparedEvent PrepareMapped(
        IncomingEvent incoming, JsonElement root, JsonElement envelope, (int Version, CompiledConfiguration Compiled) configuration, DateTime receivedAtUtc)
    {
        var result = configuration.Compiled.Map(root, receivedAtUtc, incoming.Type, envelope);
        var version = configuration.Version;
        switch (result.Outcome)
        {
            case MappingOutcome.Skipped:
                return new PreparedEvent
                {
                    Incoming = incoming, Status = EventStatus.Skipped, Reason = result.SkipReason, ConfigurationVersion = version,
                };
            case MappingOutcome.Failed:
                return new PreparedEvent
                {
                    Incoming = incoming,
                    Status = EventStatus.Failed,
                    Reason = string.Join("; ", result.Errors.Select(e => e.ToString())),
                    ConfigurationVersion = version,
                };
        }

        var document = configuration.Compiled.Document;
        PreparedIdsRecord? ids = null;
        var interactions = new List<PreparedInteraction>();
        var unstorable = new List<string>();
        foreach (var record in result.Records)
        {
            if (record.Kind == TableKind.InternalDataSource)
            {
                var emailField = document.InternalDataSource.Fields.FirstOrDefault(f => f.Role == FieldRole.Email)?.Name;
                var email = emailField is not null && record.TryGetValue(emailField, out var value) ? value.ToString() : null;
                ids = new PreparedIdsRecord(record.PrimaryKey.ToString(), email,
                    record.Fields.Select(f => new KeyValuePair<string, string>(f.Name, JsonOf(f.Value))).ToList());
                Check(unstorable, record.Table, document.InternalDataSource.Fields, FieldRole.PrimaryKey, ids.PrimaryKey, IdsRecord.PrimaryKeyMaxLength, "a key");
            }
            else
            {
                var extension = document.InteractionExtensions.First(x => x.Name == record.Table);
                var eventType = FieldWithRole(record, extension, FieldRole.EventType)?.ToString();
                var timestamp = FieldWithRole(record, extension, FieldRole.EventTimestamp)?.AsDateTime() ?? receivedAtUtc;
                var interaction = new PreparedInteraction(record.Table, record.PrimaryKey.ToString(), record.RecipientKey?.ToString() ?? "",
                    eventType, UtcTime.ToMicroseconds(timestamp), FieldsJson(record));
                interactions.Add(interaction);
                Check(unstorable, record.Table, extension.Fields, FieldRole.PrimaryKey, interaction.EventId, InteractionRecord.KeyMaxLength, "a key");
                Check(unstorable, record.Table, extension.Fields, FieldRole.RecipientKey, interaction.RecipientKey, InteractionRecord.KeyMaxLength, "a key");
                Check(unstorable, record.Table, extension.Fields, FieldRole.EventType, eventType, InteractionRecord.EventTypeMaxLength, "an event type");
            }
        }

        if (unstorable.Count > 0)
        {
            return new PreparedEvent { Incoming = incoming, Status = EventStatus.Failed, Reason = string.Join("; ", unstorable), ConfigurationVersion = version };
        }

        return new PreparedEvent
        {
            Incoming = incoming,
            Status = EventStatus.Applied,
            ConfigurationVersion = version,
            EventTimeUtc = UtcTime.ToMicroseconds(SegmentTimestamps.EventTimeUtc(root, receivedAtUtc, envelope)),
            IdsRecord = ids,
            Interactions = interactions,
        };
    }

    /// <summary>
    /// Keys and event types live in columns of a fixed size, which PostgreSQL enforces and SQLite does
    /// not, and no engine keeps NUL in text: a value that cannot be stored as it is fails its event, with
    /// the reason, before the writer sees it. Left to the writer, it would fail the whole group it is
    /// in, and again at every retry of every request in it.
    /// </summary>
    private static void Check(List<string> problems, string table, IReadOnlyList<FieldDefinition> fields, FieldRole role, string? value, int maxLength, string what)
    {
        var field = fields.FirstOrDefault(f => f.Role == role)?.Name;
        if (value is null || field is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            problems.Add($"{table}.{field}: the value is {value.Length} characters long; {what} is stored with at most {maxLength}");
        }
        else if (value.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add($"{table}.{field}: the value holds a NUL character (\\u0000), which cannot be stored");
        }
    }

    private static FieldValue? FieldWithRole(MappedRecord record, InteractionExtensionDefinition extension, FieldRole role) =>
        extension.Fields.FirstOrDefault(f => f.Role == role) is { } field && record.TryGetValue(field.Name, out var value) ? value : null;

    private static string JsonOf(FieldValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static byte[] FieldsJson(MappedRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            record.WriteFieldsTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
