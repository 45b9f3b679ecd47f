using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Core.Ingestion;

/// <summary>
/// Stores a group of requests' prepared events in one transaction: dedupe by (source, messageId),
/// IDS upsert with the out-of-order rule, interaction inserts, deletions, the event log.
/// </summary>
public sealed class IngestionStore(PortalDbFactory dbFactory, TimeProvider clock)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, DateTime> _keyLastUsed = new();

    // The single writer keeps one open connection with its statements compiled, so a group of one
    // event costs a transaction, not a connection open, pragmas and statement preparation.
    private PortalDbContext? _writerDb;
    private IngestionCommands? _writerCommands;

    /// <summary>Writes one group; called by <see cref="IngestionWriter"/> only, one group at a time.</summary>
    public async Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteGroupAsync(group, cancellationToken);
        }
        catch
        {
            // A failed connection is not reused: the next group starts afresh.
            await ResetWriterConnectionAsync();
            throw;
        }
    }

    private async Task ResetWriterConnectionAsync()
    {
        if (_writerCommands is not null)
        {
            await _writerCommands.DisposeAsync();
        }

        if (_writerDb is not null)
        {
            await _writerDb.DisposeAsync();
        }

        (_writerCommands, _writerDb) = (null, null);
    }

    private async Task<IReadOnlyList<IngestionCounts>> WriteGroupAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_writerDb is null || _writerCommands is null)
        {
            _writerDb = dbFactory.CreateUnrestricted();
            await _writerDb.Database.OpenConnectionAsync(cancellationToken);
            _writerCommands = new IngestionCommands(_writerDb.Database.GetDbConnection());
        }

        var db = _writerDb;
        var sql = _writerCommands;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        sql.Enlist(transaction.GetDbTransaction());

        // IDS records touched by this group, merged in memory and written once at the end.
        var records = new Dictionary<(Guid, string), PendingRecord>();
        var results = new IngestionCounts[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var write = group[i];
            int applied = 0, duplicate = 0, failed = 0, skipped = 0, deleted = 0;
            foreach (var prepared in write.Events)
            {
                var incoming = prepared.Incoming;
                var customerId = write.Source.CustomerId;
                string? reason = prepared.Reason;
                if (prepared.Status == EventStatus.Deleted)
                {
                    records.Remove((customerId, prepared.DeleteKey!));
                    reason = await DeleteUserAsync(db, customerId, prepared.DeleteKey!, cancellationToken);
                }

                var deletedLine = prepared.Status == EventStatus.Deleted;
                // The unique (source, messageId) index decides: a retry, or a second copy in this group, inserts nothing.
                var eventId = await sql.InsertEventAsync(
                    write.Source, incoming, prepared.Status, Truncate(reason, 2000), prepared.ConfigurationVersion,
                    prepared.Status == EventStatus.Applied ? prepared.IdsRecord?.PrimaryKey : null,
                    deletedLine ? null : incoming.UserId, deletedLine ? null : incoming.RawJson, write.ReceivedAtUtc, cancellationToken);
                if (eventId is null)
                {
                    duplicate++;
                    continue;
                }

                switch (prepared.Status)
                {
                    case EventStatus.Applied:
                        applied++;
                        if (prepared.IdsRecord is { } ids)
                        {
                            await MergeAsync(sql, records, customerId, ids, prepared, cancellationToken);
                        }

                        foreach (var interaction in prepared.Interactions)
                        {
                            await sql.InsertInteractionAsync(customerId, interaction, prepared.ConfigurationVersion ?? 0, eventId.Value, now, cancellationToken);
                        }

                        break;
                    case EventStatus.Deleted:
                        deleted++;
                        break;
                    case EventStatus.Skipped:
                        skipped++;
                        break;
                    default:
                        failed++;
                        break;
                }
            }

            results[i] = new IngestionCounts(write.Events.Count, applied, duplicate, failed, skipped, deleted);
        }

        foreach (var ((customerId, primaryKey), record) in records)
        {
            await sql.SaveRecordAsync(customerId, primaryKey, record, now, cancellationToken);
        }

        await TouchKeysAsync(db, group, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// Identify: mapped fields overwrite; fields the event does not carry keep their values; an event
    /// older than the record's last applied event only fills fields that are still empty.
    /// </summary>
    private static async Task MergeAsync(
        IngestionCommands sql, Dictionary<(Guid, string), PendingRecord> records, Guid customerId, PreparedIdsRecord ids, PreparedEvent prepared,
        CancellationToken cancellationToken)
    {
        if (!records.TryGetValue((customerId, ids.PrimaryKey), out var record))
        {
            record = await sql.FindRecordAsync(customerId, ids.PrimaryKey, cancellationToken) ?? new PendingRecord(null, [], null, DateTime.MinValue, 0);
            records[(customerId, ids.PrimaryKey)] = record;
        }

        // A record new in this group starts at DateTime.MinValue, so its first event is always newer.
        var newer = prepared.EventTimeUtc >= record.LastEventAtUtc;
        foreach (var (name, json) in ids.Fields)
        {
            if (newer || IsEmpty(record.Fields[name]))
            {
                record.Fields[name] = JsonNode.Parse(json);
            }
        }

        if (newer || string.IsNullOrEmpty(record.Email))
        {
            record.Email = ids.Email ?? record.Email;
        }

        if (newer)
        {
            record.LastEventAtUtc = prepared.EventTimeUtc;
            record.ConfigurationVersion = prepared.ConfigurationVersion ?? 0;
        }
    }

    /// <summary>
    /// Re-runs stored events through newly prepared outcomes (replay), in one transaction. Records are
    /// merged and interactions deduplicated exactly as on first arrival, so replaying twice changes nothing more.
    /// </summary>
    public async Task<IReadOnlyList<EventStatus>> ReplayAsync(IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.CreateUnrestricted();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = events.Select(e => e.EventId).ToList();
        var rows = await db.Events.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var customerIds = rows.Values.Select(r => r.CustomerId).Distinct().ToList();
        var keys = events.Select(e => e.Prepared.IdsRecord?.PrimaryKey).OfType<string>().Distinct().ToList();
        var records = keys.Count == 0 ? [] : (await db.IdsRecords.Where(r => customerIds.Contains(r.CustomerId) && keys.Contains(r.PrimaryKey)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.CustomerId, r.PrimaryKey));
        var eventIds = events.SelectMany(e => e.Prepared.Interactions.Select(i => i.EventId)).Distinct().ToList();
        var interactions = eventIds.Count == 0 ? [] : (await db.InteractionRecords.AsNoTracking()
                .Where(r => customerIds.Contains(r.CustomerId) && eventIds.Contains(r.EventId))
                .Select(r => new { r.CustomerId, r.Extension, r.EventId }).ToListAsync(cancellationToken))
            .Select(r => (r.CustomerId, r.Extension, r.EventId)).ToHashSet();
        var newInteractions = new List<(IngestedEvent Row, Guid CustomerId, int Version, PreparedInteraction Interaction)>();
        var outcomes = new List<EventStatus>(events.Count);
        foreach (var (eventId, prepared) in events)
        {
            var row = rows[eventId];
            row.Status = prepared.Status;
            row.Reason = Truncate(prepared.Reason, 2000);
            row.ConfigurationVersion = prepared.ConfigurationVersion;
            row.ReplayedAtUtc = now;
            outcomes.Add(await ApplyAsync(db, row, prepared, records, interactions, newInteractions, now, cancellationToken));
        }

        await db.SaveChangesAsync(cancellationToken);
        AddInteractions(db, newInteractions, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<EventStatus> ApplyAsync(
        PortalDbContext db, IngestedEvent row, PreparedEvent prepared, Dictionary<(Guid, string), IdsRecord> records,
        HashSet<(Guid, string, string)> interactions, List<(IngestedEvent Row, Guid CustomerId, int Version, PreparedInteraction Interaction)> newInteractions,
        DateTime now, CancellationToken cancellationToken)
    {
        switch (prepared.Status)
        {
            case EventStatus.Applied:
                if (prepared.IdsRecord is { } ids)
                {
                    Upsert(db, records, row.CustomerId, ids, prepared, now);
                    row.RecordKey = ids.PrimaryKey;
                }

                foreach (var interaction in prepared.Interactions)
                {
                    if (interactions.Add((row.CustomerId, interaction.Extension, interaction.EventId)))
                    {
                        newInteractions.Add((row, row.CustomerId, prepared.ConfigurationVersion ?? 0, interaction));
                    }
                }

                break;
            case EventStatus.Deleted:
                if (records.Remove((row.CustomerId, prepared.DeleteKey!), out var tracked))
                {
                    db.Entry(tracked).State = EntityState.Detached;
                }

                // Earlier changes of this replay are written first, so they are deleted too.
                await db.SaveChangesAsync(cancellationToken);
                row.Reason = await DeleteUserAsync(db, row.CustomerId, prepared.DeleteKey!, cancellationToken);
                // The audit line keeps no personal data.
                row.UserId = null;
                row.RawPayload = null;
                break;
        }

        return prepared.Status;
    }

    private static void AddInteractions(
        PortalDbContext db, List<(IngestedEvent Row, Guid CustomerId, int Version, PreparedInteraction Interaction)> newInteractions, DateTime now)
    {
        foreach (var (row, customerId, version, interaction) in newInteractions)
        {
            db.InteractionRecords.Add(new InteractionRecord
            {
                CustomerId = customerId,
                Extension = interaction.Extension,
                EventId = interaction.EventId,
                RecipientKey = interaction.RecipientKey,
                EventType = Truncate(interaction.EventType, 200),
                EventTimestampUtc = interaction.EventTimestampUtc,
                FieldsJson = interaction.FieldsJson,
                ConfigurationVersion = version,
                IngestedEventId = row.Id,
                CreatedAtUtc = now,
            });
        }
    }

    /// <summary>
    /// Identify: mapped fields overwrite; fields the event does not carry keep their values; an event
    /// older than the record's last applied event only fills fields that are still empty.
    /// </summary>
    private static void Upsert(
        PortalDbContext db, Dictionary<(Guid, string), IdsRecord> records, Guid customerId, PreparedIdsRecord ids, PreparedEvent prepared, DateTime now)
    {
        var version = prepared.ConfigurationVersion ?? 0;
        if (!records.TryGetValue((customerId, ids.PrimaryKey), out var record))
        {
            var fields = new JsonObject();
            foreach (var (name, json) in ids.Fields)
            {
                fields[name] = JsonNode.Parse(json);
            }

            record = new IdsRecord
            {
                CustomerId = customerId,
                PrimaryKey = ids.PrimaryKey,
                Email = ids.Email,
                FieldsJson = fields.ToJsonString(),
                ConfigurationVersion = version,
                LastEventAtUtc = prepared.EventTimeUtc,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            db.IdsRecords.Add(record);
            records[(customerId, ids.PrimaryKey)] = record;
            return;
        }

        var newer = prepared.EventTimeUtc >= record.LastEventAtUtc;
        var existing = JsonNode.Parse(record.FieldsJson) as JsonObject ?? [];
        foreach (var (name, json) in ids.Fields)
        {
            if (newer || IsEmpty(existing[name]))
            {
                existing[name] = JsonNode.Parse(json);
            }
        }

        record.FieldsJson = existing.ToJsonString();
        if (newer || string.IsNullOrEmpty(record.Email))
        {
            record.Email = ids.Email ?? record.Email;
        }

        if (newer)
        {
            record.LastEventAtUtc = prepared.EventTimeUtc;
            record.ConfigurationVersion = version;
        }

        record.UpdatedAtUtc = now;
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);

    /// <summary>Segment's user deletion: the IDS record, the user's interactions and raw events go.</summary>
    private static async Task<string> DeleteUserAsync(PortalDbContext db, Guid customerId, string key, CancellationToken cancellationToken)
    {
        var idsDeleted = await db.IdsRecords.Where(r => r.CustomerId == customerId && r.PrimaryKey == key).ExecuteDeleteAsync(cancellationToken);
        var interactionsDeleted = await db.InteractionRecords
            .Where(r => r.CustomerId == customerId && r.RecipientKey == key).ExecuteDeleteAsync(cancellationToken);
        var eventsDeleted = await db.Events
            .Where(e => e.CustomerId == customerId && (e.UserId == key || e.RecordKey == key)).ExecuteDeleteAsync(cancellationToken);
        return $"User data deleted: {idsDeleted} IDS record(s), {interactionsDeleted} interaction record(s), {eventsDeleted} event(s).";
    }

    private async Task TouchKeysAsync(PortalDbContext db, IReadOnlyList<PendingWrite> group, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var keyId in group.Select(w => w.Source.KeyId).Distinct())
        {
            if (_keyLastUsed.TryGetValue(keyId, out var last) && now - last < LastUsedResolution)
            {
                continue;
            }

            _keyLastUsed[keyId] = now;
            await db.WriteKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), cancellationToken);
        }
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
