using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
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

    public async Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.CreateUnrestricted();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var seen = await ExistingMessagesAsync(db, group, cancellationToken);
        var records = await ExistingRecordsAsync(db, group, cancellationToken);
        var interactions = await ExistingInteractionsAsync(db, group, cancellationToken);
        var newInteractions = new List<(IngestedEvent Row, Guid CustomerId, int Version, PreparedInteraction Interaction)>();
        var results = new IngestionCounts[group.Count];

        for (var i = 0; i < group.Count; i++)
        {
            var write = group[i];
            int applied = 0, duplicate = 0, failed = 0, skipped = 0, deleted = 0;
            foreach (var prepared in write.Events)
            {
                var incoming = prepared.Incoming;
                if (!seen.Add((write.Source.SourceId, incoming.MessageId)))
                {
                    duplicate++;
                    continue;
                }

                var row = new IngestedEvent
                {
                    CustomerId = write.Source.CustomerId,
                    SourceId = write.Source.SourceId,
                    MessageId = incoming.MessageId,
                    Type = Truncate(incoming.Type, 40),
                    EventName = Truncate(incoming.EventName, 200),
                    UserId = incoming.UserId,
                    ReceivedAtUtc = write.ReceivedAtUtc,
                    Status = prepared.Status,
                    Reason = Truncate(prepared.Reason, 2000),
                    ConfigurationVersion = prepared.ConfigurationVersion,
                    RawPayload = incoming.RawJson,
                };

                switch (await ApplyAsync(db, row, prepared, records, interactions, newInteractions, now, cancellationToken))
                {
                    case EventStatus.Applied:
                        applied++;
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

                db.Events.Add(row);
            }

            results[i] = new IngestionCounts(write.Events.Count, applied, duplicate, failed, skipped, deleted);
        }

        await db.SaveChangesAsync(cancellationToken);
        AddInteractions(db, newInteractions, now);
        await TouchKeysAsync(db, group, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results;
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
                row.Reason = await DeleteUserAsync(db, records, row.CustomerId, prepared.DeleteKey!, cancellationToken);
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
    private static async Task<string> DeleteUserAsync(
        PortalDbContext db, Dictionary<(Guid, string), IdsRecord> records, Guid customerId, string key, CancellationToken cancellationToken)
    {
        // Earlier events of this group are written first, so they are deleted too.
        await db.SaveChangesAsync(cancellationToken);
        var idsDeleted = await db.IdsRecords.Where(r => r.CustomerId == customerId && r.PrimaryKey == key).ExecuteDeleteAsync(cancellationToken);
        if (records.Remove((customerId, key), out var tracked))
        {
            db.Entry(tracked).State = EntityState.Detached;
        }

        var interactionsDeleted = await db.InteractionRecords
            .Where(r => r.CustomerId == customerId && r.RecipientKey == key).ExecuteDeleteAsync(cancellationToken);
        var eventsDeleted = await db.Events
            .Where(e => e.CustomerId == customerId && (e.UserId == key || e.RecordKey == key)).ExecuteDeleteAsync(cancellationToken);
        return $"User data deleted: {idsDeleted} IDS record(s), {interactionsDeleted} interaction record(s), {eventsDeleted} event(s).";
    }

    private static async Task<HashSet<(Guid, string)>> ExistingMessagesAsync(PortalDbContext db, IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var sourceIds = group.Select(w => w.Source.SourceId).Distinct().ToList();
        var messageIds = group.SelectMany(w => w.Events.Select(e => e.Incoming.MessageId)).Distinct().ToList();
        var rows = await db.Events.AsNoTracking()
            .Where(e => sourceIds.Contains(e.SourceId) && messageIds.Contains(e.MessageId))
            .Select(e => new { e.SourceId, e.MessageId })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.SourceId, r.MessageId)).ToHashSet();
    }

    private static async Task<Dictionary<(Guid, string), IdsRecord>> ExistingRecordsAsync(
        PortalDbContext db, IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var customerIds = group.Select(w => w.Source.CustomerId).Distinct().ToList();
        var keys = group.SelectMany(w => w.Events.Select(e => e.IdsRecord?.PrimaryKey)).OfType<string>().Distinct().ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var rows = await db.IdsRecords.Where(r => customerIds.Contains(r.CustomerId) && keys.Contains(r.PrimaryKey)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.CustomerId, r.PrimaryKey));
    }

    private static async Task<HashSet<(Guid, string, string)>> ExistingInteractionsAsync(
        PortalDbContext db, IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var customerIds = group.Select(w => w.Source.CustomerId).Distinct().ToList();
        var eventIds = group.SelectMany(w => w.Events.SelectMany(e => e.Interactions.Select(i => i.EventId))).Distinct().ToList();
        if (eventIds.Count == 0)
        {
            return [];
        }

        var rows = await db.InteractionRecords.AsNoTracking()
            .Where(r => customerIds.Contains(r.CustomerId) && eventIds.Contains(r.EventId))
            .Select(r => new { r.CustomerId, r.Extension, r.EventId })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.CustomerId, r.Extension, r.EventId)).ToHashSet();
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
