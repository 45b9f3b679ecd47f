using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>
/// The single writer's store on PostgreSQL, built for a server a network hop away: a group costs a few
/// round trips whatever its size, not one per row. Each statement takes whole columns as arrays
/// (<c>INSERT … SELECT FROM unnest(…)</c>): the event log in one insert whose unique
/// (source, messageId) index dedupes (<c>ON CONFLICT DO NOTHING RETURNING</c> names the rows that are
/// new), the IDS records locked and read in one statement, merged in memory by the same rule as on
/// SQLite and written back in one update, the interactions, statistics and key use in one more.
/// Several app instances may write at once: rows are inserted and locked in key order, so two
/// writers never wait on each other in a circle.
/// </summary>
/// <remarks>
/// Each commit also tells the other instances which customers' data changed (a Commits notice sent
/// with NOTIFY inside the transaction, so it is delivered exactly when the data is visible).
/// </remarks>
public sealed class PostgreSqlIngestionStore(
    NpgsqlDataSource dataSource, TimeProvider clock, IOptions<IngestionOptions> options, PostgreSqlNotices notices) : IIngestionStore, IAsyncDisposable
{
    private const string EmptiedReason = "Emptied by a deletion of the user's data.";

    // ProcessCrash: the commit returns before PostgreSQL has flushed its log (the server itself stays
    // consistent; it may lose the last moments of commits on a crash of its machine).
    private readonly bool _synchronousCommit = options.Value.Durability == IngestionDurability.PowerLoss;

    private const string LockTimeout = "SET lock_timeout = '5s'";

    private readonly KeyUsage _keyUsage = new();
    private NpgsqlConnection? _connection;

    public async Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
    {
        var now = Common.UtcTime.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        return await InTransactionAsync(async (connection, transaction) =>
        {
            var flush = new Flush(now);
            var results = new IngestionCounts[group.Count];
            var counts = new int[group.Count, 5];
            for (var i = 0; i < group.Count; i++)
            {
                var write = group[i];
                foreach (var prepared in write.Events)
                {
                    if (prepared.Status == EventStatus.Deleted)
                    {
                        // Everything before the deletion is stored first, as it arrived before it.
                        await flush.InsertAsync(connection, transaction, counts, cancellationToken);
                        flush = new Flush(now);
                        if (await DeleteAsync(connection, transaction, write, prepared, now, cancellationToken))
                        {
                            counts[i, 4]++;
                        }
                        else
                        {
                            counts[i, 1]++;
                        }

                        continue;
                    }

                    flush.Add(i, write, prepared);
                }
            }

            await flush.InsertAsync(connection, transaction, counts, cancellationToken);
            for (var i = 0; i < group.Count; i++)
            {
                results[i] = new IngestionCounts(group[i].Events.Count, counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3], counts[i, 4]);
            }

            await FinishGroupAsync(connection, transaction, group, results, now, cancellationToken);
            return (IReadOnlyList<IngestionCounts>)results;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<EventStatus>> ReplayAsync(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken)
    {
        var now = Common.UtcTime.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        return InTransactionAsync(async (connection, transaction) =>
        {
            var flush = new Flush(now);
            foreach (var (eventId, prepared) in events)
            {
                flush.AddReplay(customerId, eventId, prepared);
            }

            await flush.UpdateAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(connection, transaction, notices.NotifyStatement, cancellationToken, notices.Notice(NoticeTopic.Commits, customerId.ToString()));
            return (IReadOnlyList<EventStatus>)[.. events.Select(e => e.Prepared.Status)];
        }, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL recovers from its own storage failures (it stops and replays its log), so for this
    /// process a lost connection is passing; only a server that reports corrupted data stops the writer.
    /// </summary>
    public bool IsStorageFault(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted }
        || (e.InnerException is { } inner && IsStorageFault(inner));

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            if (_connection is null)
            {
                _connection = await dataSource.OpenConnectionAsync(cancellationToken);
                // A lock held elsewhere fails the group after 5 s, as SQLite's busy timeout does: its
                // requests are answered 503 well inside an SDK's ~10 s timeout, and retried.
                await ExecuteAsync(_connection, null, _synchronousCommit ? LockTimeout : LockTimeout + "; SET synchronous_commit = off", cancellationToken);
            }

            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
            var result = await work(_connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            // A failed connection is not reused: the next group starts on a new one.
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            throw;
        }
    }

    /// <summary>A deletion (docs/product.md section 5), by index lookups; false when it is a retried one (a duplicate).</summary>
    private static async Task<bool> DeleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PendingWrite write, PreparedEvent prepared, DateTime now, CancellationToken cancellationToken)
    {
        var customer = write.Source.CustomerId;
        await using (var exists = Command(connection, transaction, """SELECT 1 FROM "Events" WHERE "CustomerId" = $1 AND "SourceId" = $2 AND "MessageId" = $3""",
            customer, write.Source.SourceId, prepared.Incoming.MessageId))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return false;
            }
        }

        var keys = new SortedSet<string>(StringComparer.Ordinal) { prepared.DeleteKey! };
        if (prepared.DeleteUserId is { } userId)
        {
            await using var read = Command(connection, transaction, UserRecordKeysStatement, customer, userId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(0))
                {
                    keys.Add(reader.GetString(0));
                }
            }
        }

        int ids = 0, interactions = 0, events = 0;
        foreach (var key in keys)
        {
            ids += await ExecuteAsync(connection, transaction, DeleteUserStatements[0], cancellationToken, customer, key);
            interactions += await ExecuteAsync(connection, transaction, DeleteUserStatements[1], cancellationToken, customer, key);
            events += await ExecuteAsync(connection, transaction, DeleteUserStatements[2], cancellationToken, customer, key, EmptiedReason);
        }

        if (prepared.DeleteUserId is { } user)
        {
            events += await ExecuteAsync(connection, transaction, DeleteUserStatements[3], cancellationToken, customer, user, EmptiedReason);
        }

        var line = EventLogLine.Of(prepared, $"User data deleted: {ids} IDS record(s), {interactions} interaction record(s), {events} event(s) emptied.");
        await using var log = Command(connection, transaction, """
            INSERT INTO "Events" ("CustomerId", "SourceId", "MessageId", "Type", "EventName", "UserId", "ReceivedAtUtc", "Status", "Reason", "ConfigurationVersion", "RecordKey", "RawPayload")
            VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, $9, NULL, NULL)
            ON CONFLICT ("CustomerId", "SourceId", "MessageId") DO NOTHING
            """,
            customer, write.Source.SourceId, prepared.Incoming.MessageId, (object?)line.Type ?? DBNull.Value, (object?)line.EventName ?? DBNull.Value,
            write.ReceivedAtUtc, line.Status.ToString(), (object?)line.Reason ?? DBNull.Value, (object?)line.ConfigurationVersion ?? DBNull.Value);
        return await log.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The IDS keys a Segment user's events wrote. $1 customer, $2 Segment user id.</summary>
    internal const string UserRecordKeysStatement = """SELECT "RecordKey" FROM "Events" WHERE "CustomerId" = $1 AND "UserId" = $2""";

    /// <summary>
    /// A user deletion's statements, each on an index (a test checks their query plans): per IDS key,
    /// the record, the recipient's interactions and the events that wrote it; then every event of the
    /// Segment user, emptied of everything personal. $1 customer, $2 IDS key or Segment user id, $3 the
    /// reason emptied events get.
    /// </summary>
    internal static readonly string[] DeleteUserStatements =
    [
        """DELETE FROM "IdsRecords" WHERE "CustomerId" = $1 AND "PrimaryKey" = $2""",
        """DELETE FROM "InteractionRecords" WHERE "CustomerId" = $1 AND "RecipientKey" = $2""",
        EmptyEvents + """ WHERE "CustomerId" = $1 AND "RecordKey" = $2""",
        EmptyEvents + """ WHERE "CustomerId" = $1 AND "UserId" = $2""",
    ];

    private const string EmptyEvents = """
        UPDATE "Events" SET "UserId" = NULL, "RecordKey" = NULL, "RawPayload" = NULL, "EnvelopeId" = NULL, "Reason" = $3, "Status" = 'Deleted'
        """;

    /// <summary>The dashboard's per-minute counts and the keys' last use, in the group's own transaction.</summary>
    private async Task FinishGroupAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingWrite> group, IngestionCounts[] results, DateTime now, CancellationToken cancellationToken)
    {
        var stats = new MinuteStatsBatch();
        for (var i = 0; i < group.Count; i++)
        {
            stats.Add(group[i].Source.CustomerId, group[i].ReceivedAtUtc, results[i], Stopwatch.GetElapsedTime(group[i].StartedTimestamp).TotalMilliseconds);
        }

        var rows = stats.Rows.OrderBy(r => r.CustomerId).ThenBy(r => r.MinuteUtc).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(BatchCommand("""
            INSERT INTO "IngestionMinuteStats" ("CustomerId", "MinuteUtc", "Accepted", "Applied", "Failed", "Duplicate", "Skipped", "Deleted", "LatencySumMs", "LatencyCount", "LatencyMaxMs")
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::float8[], $10::int[], $11::float8[])
            ON CONFLICT ("CustomerId", "MinuteUtc") DO UPDATE SET
                "Accepted" = "IngestionMinuteStats"."Accepted" + excluded."Accepted",
                "Applied" = "IngestionMinuteStats"."Applied" + excluded."Applied",
                "Failed" = "IngestionMinuteStats"."Failed" + excluded."Failed",
                "Duplicate" = "IngestionMinuteStats"."Duplicate" + excluded."Duplicate",
                "Skipped" = "IngestionMinuteStats"."Skipped" + excluded."Skipped",
                "Deleted" = "IngestionMinuteStats"."Deleted" + excluded."Deleted",
                "LatencySumMs" = "IngestionMinuteStats"."LatencySumMs" + excluded."LatencySumMs",
                "LatencyCount" = "IngestionMinuteStats"."LatencyCount" + excluded."LatencyCount",
                "LatencyMaxMs" = GREATEST("IngestionMinuteStats"."LatencyMaxMs", excluded."LatencyMaxMs")
            """,
            rows.Select(r => r.CustomerId).ToArray(), rows.Select(r => r.MinuteUtc).ToArray(), rows.Select(r => r.Accepted).ToArray(),
            rows.Select(r => r.Applied).ToArray(), rows.Select(r => r.Failed).ToArray(), rows.Select(r => r.Duplicate).ToArray(),
            rows.Select(r => r.Skipped).ToArray(), rows.Select(r => r.Deleted).ToArray(), rows.Select(r => r.LatencySumMs).ToArray(),
            rows.Select(r => r.LatencyCount).ToArray(), rows.Select(r => r.LatencyMaxMs).ToArray()));
        batch.BatchCommands.Add(BatchCommand(notices.NotifyStatement,
            notices.Notice(NoticeTopic.Commits, NoticePayload.Join(group.Select(w => w.Source.CustomerId).Distinct().Select(c => c.ToString())))));
        var keys = _keyUsage.DueForUpdate(group.Select(w => w.Source.KeyId), now);
        if (keys.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand("""UPDATE "WriteKeys" SET "LastUsedAtUtc" = $2 WHERE "Id" = ANY($1)""", keys.ToArray(), now));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>
    /// A run of events stored together: their log lines in one statement, then the records of the
    /// ones that were new. A deletion ends a run, since what comes after it must not be deleted.
    /// </summary>
    private sealed class Flush(DateTime now)
    {
        private readonly List<(int Request, PendingWrite Write, PreparedEvent Prepared, long? EventId)> _events = [];
        private readonly List<(Guid Customer, long EventId, PreparedEvent Prepared)> _replays = [];

        public void Add(int request, PendingWrite write, PreparedEvent prepared) => _events.Add((request, write, prepared, null));

        public void AddReplay(Guid customer, long eventId, PreparedEvent prepared) => _replays.Add((customer, eventId, prepared));

        /// <summary>Logs the run's events; counts each request's outcomes in <paramref name="counts"/> (applied, duplicate, failed, skipped).</summary>
        public async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int[,] counts, CancellationToken cancellationToken)
        {
            if (_events.Count == 0)
            {
                return;
            }

            var envelopes = await InsertEnvelopesAsync(connection, transaction, cancellationToken);
            var lines = _events.Select(e => EventLogLine.Of(e.Prepared, e.Prepared.Reason)).ToArray();
            // Ids follow arrival order, as on SQLite (the event log lists a batch as it came); rows are
            // inserted in (source, messageId) order, so two writers that insert the same retried events
            // never wait on each other in a circle, and the first copy of a messageId is the one stored.
            var inserted = new Dictionary<(Guid, string), long>();
            await using (var insert = Command(connection, transaction, """
                WITH arrived AS (
                    SELECT u.*, nextval(pg_get_serial_sequence('"Events"', 'Id')) AS id
                    FROM (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::bigint[])
                        WITH ORDINALITY AS u(c, s, m, t, n, uid, r, st, re, v, k, raw, env, a) ORDER BY a) AS u)
                INSERT INTO "Events" ("Id", "CustomerId", "SourceId", "MessageId", "Type", "EventName", "UserId", "ReceivedAtUtc", "Status", "Reason", "ConfigurationVersion", "RecordKey", "RawPayload", "EnvelopeId")
                SELECT id, c, s, m, t, n, uid, r, st, re, v, k, raw, env FROM arrived ORDER BY s, m COLLATE "C", a
                ON CONFLICT ("CustomerId", "SourceId", "MessageId") DO NOTHING
                RETURNING "Id", "SourceId", "MessageId"
                """,
                _events.Select(e => e.Write.Source.CustomerId).ToArray(),
                _events.Select(e => e.Write.Source.SourceId).ToArray(),
                _events.Select(e => e.Prepared.Incoming.MessageId).ToArray(),
                lines.Select(l => l.Type).ToArray(),
                lines.Select(l => l.EventName).ToArray(),
                lines.Select(l => l.UserId).ToArray(),
                _events.Select(e => e.Write.ReceivedAtUtc).ToArray(),
                lines.Select(l => l.Status.ToString()).ToArray(),
                lines.Select(l => l.Reason).ToArray(),
                lines.Select(l => l.ConfigurationVersion).ToArray(),
                lines.Select(l => l.RecordKey).ToArray(),
                lines.Select(l => l.RawPayload is { } raw ? Encoding.UTF8.GetString(raw) : null).ToArray(),
                _events.Select(e => e.Prepared.Incoming.Envelope is { } envelope ? envelopes[envelope] : (long?)null).ToArray()))
            await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    inserted[(reader.GetGuid(1), reader.GetString(2))] = reader.GetInt64(0);
                }
            }

            // The first copy of a (source, messageId) in arrival order is the one stored; any other is a duplicate.
            var usedEnvelopes = new HashSet<long>();
            for (var i = 0; i < _events.Count; i++)
            {
                var (request, write, prepared, _) = _events[i];
                if (inserted.Remove((write.Source.SourceId, prepared.Incoming.MessageId), out var eventId))
                {
                    _events[i] = (request, write, prepared, eventId);
                    if (prepared.Incoming.Envelope is { } envelope)
                    {
                        usedEnvelopes.Add(envelopes[envelope]);
                    }

                    counts[request, prepared.Status switch { EventStatus.Applied => 0, EventStatus.Skipped => 3, _ => 2 }]++;
                }
                else
                {
                    counts[request, 1]++;
                }
            }

            var unused = envelopes.Values.Where(id => !usedEnvelopes.Contains(id)).ToArray();
            if (unused.Length > 0)
            {
                await ExecuteAsync(connection, transaction, """DELETE FROM "EventEnvelopes" WHERE "Id" = ANY($1)""", cancellationToken, unused);
            }

            await StoreRecordsAsync(
                connection, transaction,
                [.. _events.Where(e => e.EventId is not null && e.Prepared.Status == EventStatus.Applied)
                    .Select(e => (e.Write.Source.CustomerId, e.EventId!.Value, e.Prepared))],
                cancellationToken);
        }

        /// <summary>Rewrites the replayed events' log lines, then stores their records as on arrival.</summary>
        public async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            var lines = _replays.Select(e => EventLogLine.Of(e.Prepared, e.Prepared.Reason)).ToArray();
            await ExecuteAsync(connection, transaction, """
                UPDATE "Events" AS e SET "Status" = u.s, "Reason" = u.r, "ConfigurationVersion" = u.v, "RecordKey" = u.k, "UserId" = u.uid,
                    "RawPayload" = u.raw, "ReplayedAtUtc" = $8
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) AS u(id, s, r, v, k, uid, raw)
                WHERE e."Id" = u.id
                """,
                cancellationToken,
                _replays.Select(e => e.EventId).ToArray(),
                lines.Select(l => l.Status.ToString()).ToArray(),
                lines.Select(l => l.Reason).ToArray(),
                lines.Select(l => l.ConfigurationVersion).ToArray(),
                lines.Select(l => l.RecordKey).ToArray(),
                lines.Select(l => l.UserId).ToArray(),
                lines.Select(l => l.RawPayload is { } raw ? Encoding.UTF8.GetString(raw) : null).ToArray(),
                now);
            await StoreRecordsAsync(
                connection, transaction,
                [.. _replays.Where(e => e.Prepared.Status == EventStatus.Applied).Select(e => (e.Customer, e.EventId, e.Prepared))],
                cancellationToken);
        }

        private async Task<Dictionary<BatchEnvelope, long>> InsertEnvelopesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            var envelopes = new Dictionary<BatchEnvelope, long>(ReferenceEqualityComparer.Instance);
            var distinct = _events.Where(e => e.Prepared.Incoming.Envelope is not null)
                .Select(e => (e.Prepared.Incoming.Envelope!, e.Write.Source.CustomerId, e.Write.ReceivedAtUtc))
                .DistinctBy(e => e.Item1, ReferenceEqualityComparer.Instance).ToList();
            if (distinct.Count == 0)
            {
                return envelopes;
            }

            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var (envelope, customer, receivedAt) in distinct)
            {
                batch.BatchCommands.Add(BatchCommand(
                    """INSERT INTO "EventEnvelopes" ("CustomerId", "ReceivedAtUtc", "Json") VALUES ($1, $2, $3) RETURNING "Id" """,
                    customer, receivedAt, Encoding.UTF8.GetString(envelope.Utf8)));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            foreach (var (envelope, _, _) in distinct)
            {
                await reader.ReadAsync(cancellationToken);
                envelopes[envelope] = reader.GetInt64(0);
                await reader.NextResultAsync(cancellationToken);
            }


            return envelopes;
        }

        /// <summary>
        /// The IDS upserts and interaction inserts of applied events, in their order: the records' rows
        /// are made if missing and locked in key order, read, merged in memory and written back.
        /// </summary>
        private async Task StoreRecordsAsync(
            NpgsqlConnection connection, NpgsqlTransaction transaction, List<(Guid Customer, long EventId, PreparedEvent Prepared)> applied, CancellationToken cancellationToken)
        {
            if (applied.Count == 0)
            {
                return;
            }

            // In arrival order: new records get their ids in it, as on SQLite.
            var keys = applied.Where(e => e.Prepared.IdsRecord is not null)
                .Select(e => (e.Customer, e.Prepared.IdsRecord!.PrimaryKey)).Distinct().ToList();
            await using var batch = new NpgsqlBatch(connection, transaction);
            if (keys.Count > 0)
            {
                var customers = keys.Select(k => k.Customer).ToArray();
                var primaryKeys = keys.Select(k => k.PrimaryKey).ToArray();
                // Missing rows are made with ids in arrival order, inserted and then locked in key order.
                batch.BatchCommands.Add(BatchCommand("""
                    WITH arrived AS (
                        SELECT u.c, u.k, nextval(pg_get_serial_sequence('"IdsRecords"', 'Id')) AS id
                        FROM (SELECT * FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS u(c, k, a) ORDER BY a) AS u)
                    INSERT INTO "IdsRecords" ("Id", "CustomerId", "PrimaryKey", "FieldsJson", "ConfigurationVersion", "LastEventAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
                    SELECT id, c, k, '{}', 0, '-infinity', $3, $3 FROM arrived ORDER BY c, k COLLATE "C"
                    ON CONFLICT ("CustomerId", "PrimaryKey") DO NOTHING
                    """, customers, primaryKeys, now));
                batch.BatchCommands.Add(BatchCommand("""
                    SELECT r."Id", r."CustomerId", r."PrimaryKey", r."FieldsJson", r."Email", r."LastEventAtUtc", r."ConfigurationVersion"
                    FROM "IdsRecords" AS r JOIN unnest($1::uuid[], $2::text[]) AS u(c, k) ON r."CustomerId" = u.c AND r."PrimaryKey" = u.k
                    ORDER BY r."CustomerId", r."PrimaryKey"
                    FOR UPDATE OF r
                    """, customers, primaryKeys));
            }

            var interactions = applied.SelectMany(e => e.Prepared.Interactions.Select(i => (e.Customer, e.EventId, e.Prepared, Interaction: i))).ToList();
            if (interactions.Count > 0)
            {
                batch.BatchCommands.Add(BatchCommand("""
                    INSERT INTO "InteractionRecords" ("CustomerId", "Extension", "EventId", "RecipientKey", "EventType", "EventTimestampUtc", "FieldsJson", "ConfigurationVersion", "IngestedEventId", "CreatedAtUtc")
                    SELECT c, x, e, r, t, ts, f, v, i, $10
                    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::int[], $9::bigint[]) AS u(c, x, e, r, t, ts, f, v, i)
                    ON CONFLICT ("CustomerId", "Extension", "EventId") DO NOTHING
                    """,
                    interactions.Select(i => i.Customer).ToArray(),
                    interactions.Select(i => i.Interaction.Extension).ToArray(),
                    interactions.Select(i => i.Interaction.EventId).ToArray(),
                    interactions.Select(i => i.Interaction.RecipientKey).ToArray(),
                    interactions.Select(i => i.Interaction.EventType).ToArray(),
                    interactions.Select(i => i.Interaction.EventTimestampUtc).ToArray(),
                    interactions.Select(i => Encoding.UTF8.GetString(i.Interaction.FieldsUtf8)).ToArray(),
                    interactions.Select(i => i.Prepared.ConfigurationVersion ?? 0).ToArray(),
                    interactions.Select(i => i.EventId).ToArray(),
                    now));
            }

            var records = new Dictionary<(Guid, string), PendingRecord>();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                // The records' rows are the batch's only result with columns (statements without rows give none).
                do
                {
                    while (reader.FieldCount == 7 && await reader.ReadAsync(cancellationToken))
                    {
                        records[(reader.GetGuid(1), reader.GetString(2))] = new PendingRecord(
                            reader.GetInt64(0),
                            System.Text.Json.Nodes.JsonNode.Parse(reader.GetString(3)) as System.Text.Json.Nodes.JsonObject ?? [],
                            reader.IsDBNull(4) ? null : reader.GetString(4),
                            reader.GetDateTime(5),
                            reader.GetInt32(6));
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            if (keys.Count == 0)
            {
                return;
            }

            foreach (var (customer, _, prepared) in applied)
            {
                if (prepared.IdsRecord is { } ids)
                {
                    records[(customer, ids.PrimaryKey)].Merge(ids, prepared);
                }
            }

            var merged = records.Values.ToList();
            await ExecuteAsync(connection, transaction, """
                UPDATE "IdsRecords" AS r SET "Email" = u.e, "FieldsJson" = u.f, "ConfigurationVersion" = u.v, "LastEventAtUtc" = u.l, "UpdatedAtUtc" = $6
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS u(id, e, f, v, l)
                WHERE r."Id" = u.id
                """,
                cancellationToken,
                merged.Select(r => r.Id!.Value).ToArray(),
                merged.Select(r => r.Email).ToArray(),
                merged.Select(r => JsonSerializer.Serialize(r.Fields)).ToArray(),
                merged.Select(r => r.ConfigurationVersion).ToArray(),
                merged.Select(r => r.LastEventAtUtc).ToArray(),
                now);
        }
    }
}
