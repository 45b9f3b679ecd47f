using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Core.Ingestion;

/// <summary>
/// Stores a group of requests' prepared events in one transaction: dedupe by (source, messageId),
/// IDS upsert with the out-of-order rule, interaction inserts, deletions, the event log. The options'
/// <c>Durability</c> decides how its commits are synced (without options: <see cref="IngestionDurability.PowerLoss"/>).
/// </summary>
public sealed class IngestionStore(PortalDbFactory dbFactory, WalWriteGate walGate, TimeProvider clock, IOptions<IngestionOptions>? options = null)
{
    private readonly IngestionDurability _durability = options?.Value.Durability ?? IngestionDurability.PowerLoss;

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
            using (await walGate.EnterAsync(cancellationToken))
            {
                return await WriteGroupAsync(group, cancellationToken);
            }
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
            _writerCommands.Dispose();
        }

        if (_writerDb is not null)
        {
            SqliteConnectionSetup.DiscardIngestionWriter(_writerDb);
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
            await SqliteConnectionSetup.PrepareIngestionWriterAsync(_writerDb, _durability, cancellationToken);
            _writerCommands = new IngestionCommands((SqliteConnection)_writerDb.Database.GetDbConnection());
        }

        var db = _writerDb;
        var sql = _writerCommands;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = new Dictionary<(Guid, string), PendingRecord>();
        var results = new IngestionCounts[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var write = group[i];
            int applied = 0, duplicate = 0, failed = 0, skipped = 0, deleted = 0;
            foreach (var prepared in write.Events)
            {
                // A Delete deletes before it logs itself, so a retry of it must be caught first.
                if (prepared.Status == EventStatus.Deleted && sql.EventExists(write.Source.SourceId, prepared.Incoming.MessageId))
                {
                    duplicate++;
                    continue;
                }

                // The unique (source, messageId) index decides: a retry, or a second copy in this group, inserts nothing.
                var stored = await StoreAsync(db, sql, records, write.Source.CustomerId, prepared, now,
                    line => sql.InsertEvent(write.Source, prepared.Incoming, line, write.ReceivedAtUtc),
                    cancellationToken);
                _ = !stored ? duplicate++ : prepared.Status switch
                {
                    EventStatus.Applied => applied++,
                    EventStatus.Deleted => deleted++,
                    EventStatus.Skipped => skipped++,
                    _ => failed++,
                };
            }

            results[i] = new IngestionCounts(write.Events.Count, applied, duplicate, failed, skipped, deleted);
        }

        SaveRecords(sql, records, now);
        await TouchKeysAsync(db, group, now, cancellationToken);
        SaveMinuteStats(sql, group, results);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// Re-runs stored events with newly prepared outcomes (replay), in one transaction, through the
    /// same path as first arrival: records merge and interactions dedupe, so a second replay changes
    /// nothing more.
    /// </summary>
    public async Task<IReadOnlyList<EventStatus>> ReplayAsync(IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.CreateUnrestricted();
        await db.Database.OpenConnectionAsync(cancellationToken);
        using var sql = new IngestionCommands((SqliteConnection)db.Database.GetDbConnection());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var ids = events.Select(e => e.EventId).ToList();
        var customers = await db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.CustomerId, cancellationToken);
        var records = new Dictionary<(Guid, string), PendingRecord>();
        var outcomes = new List<EventStatus>(events.Count);
        foreach (var (eventId, prepared) in events)
        {
            await StoreAsync(db, sql, records, customers[eventId], prepared, now,
                line => sql.UpdateEvent(eventId, line, now), cancellationToken);
            outcomes.Add(prepared.Status);
        }

        SaveRecords(sql, records, now);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>
    /// One event's effects: a Delete first removes the user's data; then the log line is written
    /// (false: it already existed, a duplicate); then an applied event's IDS merge and interactions.
    /// </summary>
    private static async Task<bool> StoreAsync(
        PortalDbContext db, IngestionCommands sql, Dictionary<(Guid, string), PendingRecord> records, Guid customerId, PreparedEvent prepared,
        DateTime now, Func<EventLogLine, long?> writeLine, CancellationToken cancellationToken)
    {
        var reason = prepared.Reason;
        var deleting = prepared.Status == EventStatus.Deleted;
        if (deleting)
        {
            records.Remove((customerId, prepared.DeleteKey!));
            reason = await DeleteUserAsync(db, customerId, prepared.DeleteKey!, cancellationToken);
        }

        var applied = prepared.Status == EventStatus.Applied;
        var eventId = writeLine(new EventLogLine(
            prepared.Status, Truncate(reason, 2000), prepared.ConfigurationVersion,
            applied ? prepared.IdsRecord?.PrimaryKey : null,
            // The line of a deletion keeps no personal data.
            deleting ? null : prepared.Incoming.UserId,
            deleting ? null : prepared.Incoming.RawUtf8));
        if (eventId is null)
        {
            return false;
        }

        if (applied)
        {
            if (prepared.IdsRecord is { } ids)
            {
                Merge(sql, records, customerId, ids, prepared);
            }

            foreach (var interaction in prepared.Interactions)
            {
                sql.InsertInteraction(customerId, interaction, prepared.ConfigurationVersion ?? 0, eventId.Value, now);
            }
        }

        return true;
    }

    /// <summary>
    /// Identify: mapped fields overwrite; fields the event does not carry keep their values; an event
    /// older than the record's last applied event only fills fields that are still empty. Records are
    /// merged in memory and written once per transaction.
    /// </summary>
    private static void Merge(
        IngestionCommands sql, Dictionary<(Guid, string), PendingRecord> records, Guid customerId, PreparedIdsRecord ids, PreparedEvent prepared)
    {
        if (!records.TryGetValue((customerId, ids.PrimaryKey), out var record))
        {
            record = sql.FindRecord(customerId, ids.PrimaryKey) ?? new PendingRecord(null, [], null, DateTime.MinValue, 0);
            records[(customerId, ids.PrimaryKey)] = record;
        }

        // A record new in this transaction starts at DateTime.MinValue, so its first event is always newer.
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

    private static void SaveRecords(IngestionCommands sql, Dictionary<(Guid, string), PendingRecord> records, DateTime now)
    {
        foreach (var ((customerId, primaryKey), record) in records)
        {
            sql.SaveRecord(customerId, primaryKey, record, now);
        }
    }

    /// <summary>
    /// The dashboard's per-minute counts, in the group's own transaction: they can never disagree with
    /// what was committed. Latency runs from a request's receipt to here, its last statement before the commit.
    /// </summary>
    private static void SaveMinuteStats(IngestionCommands sql, IReadOnlyList<PendingWrite> group, IngestionCounts[] results)
    {
        var stats = new MinuteStatsBatch();
        for (var i = 0; i < group.Count; i++)
        {
            var write = group[i];
            stats.Add(write.Source.CustomerId, write.ReceivedAtUtc, results[i], Stopwatch.GetElapsedTime(write.StartedTimestamp).TotalMilliseconds);
        }

        foreach (var row in stats.Rows)
        {
            sql.AddMinuteStats(row);
        }
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);

    /// <summary>
    /// Segment's user deletion: the IDS record and the user's interactions go; the user's events are
    /// emptied of everything personal (user, record key, raw payload, reason) and marked deleted, but
    /// keep their messageIds, so a late retry of one is still a duplicate and cannot bring the user back.
    /// </summary>
    private static async Task<string> DeleteUserAsync(PortalDbContext db, Guid customerId, string key, CancellationToken cancellationToken)
    {
        var idsDeleted = await db.IdsRecords.Where(r => r.CustomerId == customerId && r.PrimaryKey == key).ExecuteDeleteAsync(cancellationToken);
        var interactionsDeleted = await db.InteractionRecords
            .Where(r => r.CustomerId == customerId && r.RecipientKey == key).ExecuteDeleteAsync(cancellationToken);
        var eventsEmptied = await db.Events
            .Where(e => e.CustomerId == customerId && (e.UserId == key || e.RecordKey == key))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.UserId, (string?)null)
                .SetProperty(e => e.RecordKey, (string?)null)
                .SetProperty(e => e.RawPayload, (string?)null)
                .SetProperty(e => e.Reason, EmptiedReason)
                // Deleted, not failed or applied: nothing is left to replay or to count as a failure.
                .SetProperty(e => e.Status, EventStatus.Deleted), cancellationToken);
        return $"User data deleted: {idsDeleted} IDS record(s), {interactionsDeleted} interaction record(s), {eventsEmptied} event(s) emptied.";
    }

    private const string EmptiedReason = "Emptied by a deletion of the user's data.";

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
