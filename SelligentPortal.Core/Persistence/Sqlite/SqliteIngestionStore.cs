using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// The single writer's store on SQLite: a group of requests' prepared events in one transaction,
/// event by event through prepared statements on one long-lived connection (in-process, a statement
/// costs a function call, not a round trip): dedupe by (source, messageId), IDS upsert with the
/// out-of-order rule, interaction inserts, deletions, the event log. The options' <c>Durability</c>
/// decides how its commits are synced (without options: <see cref="IngestionDurability.PowerLoss"/>).
/// </summary>
public sealed class SqliteIngestionStore(PortalDbFactory dbFactory, WalWriteGate walGate, TimeProvider clock, IOptions<IngestionOptions>? options = null) : IIngestionStore
{
    private readonly IngestionDurability _durability = options?.Value.Durability ?? IngestionDurability.PowerLoss;
    private readonly KeyUsage _keyUsage = new();

    // The single writer keeps one open connection with its statements compiled, so a group of one
    // event costs a transaction, not a connection open, pragmas and statement preparation.
    private PortalDbContext? _writerDb;
    private SqliteIngestionCommands? _writerCommands;

    /// <summary>Writes one group; called by <see cref="IngestionWriter"/> only, one group at a time.</summary>
    public Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken) =>
        OnWriterConnectionAsync((db, sql) => WriteGroupAsync(db, sql, group, cancellationToken), cancellationToken);

    /// <summary>
    /// Re-runs stored events with newly prepared outcomes (replay), in one transaction on the writer's
    /// own connection, through the same path as first arrival: records merge and interactions dedupe,
    /// so a second replay changes nothing more. Called by <see cref="IngestionWriter"/> only, between
    /// groups: a replay never competes with the writer for SQLite's write lock.
    /// </summary>
    public Task<IReadOnlyList<EventStatus>> ReplayAsync(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken) =>
        OnWriterConnectionAsync(async (db, sql) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var records = new Dictionary<(Guid, string), PendingRecord>();
            var outcomes = new List<EventStatus>(events.Count);
            foreach (var (eventId, prepared) in events)
            {
                await StoreAsync(db, sql, records, customerId, prepared, now, line => sql.UpdateEvent(eventId, line, now), cancellationToken);
                outcomes.Add(prepared.Status);
            }

            SaveRecords(sql, records, now);
            await transaction.CommitAsync(cancellationToken);
            return (IReadOnlyList<EventStatus>)outcomes;
        }, cancellationToken);

    /// <summary>SQLite's I/O errors (a failed write, fsync, truncate, …) and corruption: what the disk holds is unknown.</summary>
    public bool IsStorageFault(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 10 /* SQLITE_IOERR */ or 11 /* SQLITE_CORRUPT */ or 26 /* SQLITE_NOTADB */ }
        || (exception.InnerException is { } inner && IsStorageFault(inner));

    private async Task<T> OnWriterConnectionAsync<T>(Func<PortalDbContext, SqliteIngestionCommands, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            using (await walGate.EnterAsync(cancellationToken))
            {
                if (_writerDb is null || _writerCommands is null)
                {
                    _writerDb = dbFactory.CreateUnrestricted();
                    await _writerDb.Database.OpenConnectionAsync(cancellationToken);
                    await SqliteConnectionSetup.PrepareIngestionWriterAsync(_writerDb, _durability, cancellationToken);
                    _writerCommands = new SqliteIngestionCommands((SqliteConnection)_writerDb.Database.GetDbConnection());
                }

                return await write(_writerDb, _writerCommands);
            }
        }
        catch
        {
            // A failed connection is not reused: the next write starts afresh.
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

    private async Task<IReadOnlyList<IngestionCounts>> WriteGroupAsync(
        PortalDbContext db, SqliteIngestionCommands sql, IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = new Dictionary<(Guid, string), PendingRecord>();
        var results = new IngestionCounts[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var write = group[i];
            int applied = 0, duplicate = 0, failed = 0, skipped = 0, deleted = 0;
            // The request's batch envelope, stored once on first use by an event that inherits from it.
            long? envelopeId = null;
            var envelopeUsed = false;
            foreach (var prepared in write.Events)
            {
                // A Delete deletes before it logs itself, so a retry of it must be caught first.
                if (prepared.Status == EventStatus.Deleted && sql.EventExists(write.Source.CustomerId, write.Source.SourceId, prepared.Incoming.MessageId))
                {
                    duplicate++;
                    continue;
                }

                var inherits = prepared.Incoming.Envelope is not null && prepared.Status != EventStatus.Deleted;
                // The unique (source, messageId) index decides: a retry, or a second copy in this group, inserts nothing.
                var stored = await StoreAsync(db, sql, records, write.Source.CustomerId, prepared, now,
                    line => sql.InsertEvent(write.Source, prepared.Incoming, line, write.ReceivedAtUtc,
                        inherits ? envelopeId ??= sql.InsertEnvelope(write.Source.CustomerId, prepared.Incoming.Envelope!, write.ReceivedAtUtc) : null),
                    cancellationToken);
                envelopeUsed |= stored && inherits;
                _ = !stored ? duplicate++ : prepared.Status switch
                {
                    EventStatus.Applied => applied++,
                    EventStatus.Deleted => deleted++,
                    EventStatus.Skipped => skipped++,
                    _ => failed++,
                };
            }

            if (envelopeId is { } unused && !envelopeUsed)
            {
                sql.DeleteEnvelope(unused);
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
    /// One event's effects: a Delete first removes the user's data; then the log line is written
    /// (false: it already existed, a duplicate); then an applied event's IDS merge and interactions.
    /// </summary>
    private static async Task<bool> StoreAsync(
        PortalDbContext db, SqliteIngestionCommands sql, Dictionary<(Guid, string), PendingRecord> records, Guid customerId, PreparedEvent prepared,
        DateTime now, Func<EventLogLine, long?> writeLine, CancellationToken cancellationToken)
    {
        var reason = prepared.Reason;
        if (prepared.Status == EventStatus.Deleted)
        {
            var (keys, idsDeleted, interactionsDeleted, eventsEmptied) = sql.DeleteUser(customerId, prepared.DeleteKey!, prepared.DeleteUserId, EmptiedReason);
            // Records merged earlier in this group are written at its end: the deleted ones must not be.
            foreach (var key in keys)
            {
                records.Remove((customerId, key));
            }

            reason = $"User data deleted: {idsDeleted} IDS record(s), {interactionsDeleted} interaction record(s), {eventsEmptied} event(s) emptied.";
        }

        var eventId = writeLine(EventLogLine.Of(prepared, reason));
        if (eventId is null)
        {
            return false;
        }

        if (prepared.Status == EventStatus.Applied)
        {
            if (prepared.IdsRecord is { } ids)
            {
                if (!records.TryGetValue((customerId, ids.PrimaryKey), out var record))
                {
                    record = sql.FindRecord(customerId, ids.PrimaryKey) ?? PendingRecord.New();
                    records[(customerId, ids.PrimaryKey)] = record;
                }

                record.Merge(ids, prepared);
            }

            foreach (var interaction in prepared.Interactions)
            {
                sql.InsertInteraction(customerId, interaction, prepared.ConfigurationVersion ?? 0, eventId.Value, now);
            }
        }

        return true;
    }

    private static void SaveRecords(SqliteIngestionCommands sql, Dictionary<(Guid, string), PendingRecord> records, DateTime now)
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
    private static void SaveMinuteStats(SqliteIngestionCommands sql, IReadOnlyList<PendingWrite> group, IngestionCounts[] results)
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

    private const string EmptiedReason = "Emptied by a deletion of the user's data.";

    private async Task TouchKeysAsync(PortalDbContext db, IReadOnlyList<PendingWrite> group, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var keyId in _keyUsage.DueForUpdate(group.Select(w => w.Source.KeyId), now))
        {
            await db.WriteKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), cancellationToken);
        }
    }
}
