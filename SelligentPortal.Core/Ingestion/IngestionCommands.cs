using System.Data.Common;
using System.Text.Json.Nodes;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Core.Ingestion;

/// <summary>An IDS record being merged by the writer: loaded once per group, written once at the end.</summary>
internal sealed class PendingRecord(long? id, JsonObject fields, string? email, DateTime lastEventAtUtc, int configurationVersion)
{
    public long? Id { get; } = id;

    public JsonObject Fields { get; } = fields;

    public string? Email { get; set; } = email;

    public DateTime LastEventAtUtc { get; set; } = lastEventAtUtc;

    public int ConfigurationVersion { get; set; } = configurationVersion;
}

/// <summary>What the event log records of an event.</summary>
internal sealed record EventLogLine(EventStatus Status, string? Reason, int? ConfigurationVersion, string? RecordKey, string? UserId, string? RawPayload);

/// <summary>
/// The writer's hot path as prepared, parameterised commands on one connection and transaction: an
/// event costs one insert (its unique index does the dedupe), not a change-tracked entity. The SQL is
/// standard (<c>ON CONFLICT … DO NOTHING RETURNING</c>, as SQLite and PostgreSQL both take it); no
/// identifier is built from input.
/// </summary>
internal sealed class IngestionCommands : IAsyncDisposable
{
    private readonly DbCommand _insertEvent;
    private readonly DbCommand _updateEvent;
    private readonly DbCommand _insertInteraction;
    private readonly DbCommand _findRecord;
    private readonly DbCommand _insertRecord;
    private readonly DbCommand _updateRecord;
    private readonly DbCommand _upsertMinute;

    public IngestionCommands(DbConnection connection)
    {
        _insertEvent = Command(connection, """
            INSERT INTO "Events" ("CustomerId", "SourceId", "MessageId", "Type", "EventName", "UserId", "ReceivedAtUtc", "Status", "Reason", "ConfigurationVersion", "RecordKey", "RawPayload")
            VALUES ($customer, $source, $message, $type, $name, $user, $received, $status, $reason, $version, $recordKey, $raw)
            ON CONFLICT ("SourceId", "MessageId") DO NOTHING
            RETURNING "Id";
            """, "$customer", "$source", "$message", "$type", "$name", "$user", "$received", "$status", "$reason", "$version", "$recordKey", "$raw");
        _updateEvent = Command(connection, """
            UPDATE "Events" SET "Status" = $status, "Reason" = $reason, "ConfigurationVersion" = $version, "RecordKey" = $recordKey,
                "UserId" = $user, "RawPayload" = $raw, "ReplayedAtUtc" = $now
            WHERE "Id" = $id;
            """, "$status", "$reason", "$version", "$recordKey", "$user", "$raw", "$now", "$id");
        _insertInteraction = Command(connection, """
            INSERT INTO "InteractionRecords" ("CustomerId", "Extension", "EventId", "RecipientKey", "EventType", "EventTimestampUtc", "FieldsJson", "ConfigurationVersion", "IngestedEventId", "CreatedAtUtc")
            VALUES ($customer, $extension, $eventId, $recipient, $eventType, $timestamp, $fields, $version, $logId, $now)
            ON CONFLICT ("CustomerId", "Extension", "EventId") DO NOTHING;
            """, "$customer", "$extension", "$eventId", "$recipient", "$eventType", "$timestamp", "$fields", "$version", "$logId", "$now");
        _findRecord = Command(connection, """
            SELECT "Id", "FieldsJson", "Email", "LastEventAtUtc", "ConfigurationVersion" FROM "IdsRecords"
            WHERE "CustomerId" = $customer AND "PrimaryKey" = $key;
            """, "$customer", "$key");
        _insertRecord = Command(connection, """
            INSERT INTO "IdsRecords" ("CustomerId", "PrimaryKey", "Email", "FieldsJson", "ConfigurationVersion", "LastEventAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
            VALUES ($customer, $key, $email, $fields, $version, $last, $now, $now);
            """, "$customer", "$key", "$email", "$fields", "$version", "$last", "$now");
        _updateRecord = Command(connection, """
            UPDATE "IdsRecords" SET "Email" = $email, "FieldsJson" = $fields, "ConfigurationVersion" = $version, "LastEventAtUtc" = $last, "UpdatedAtUtc" = $now
            WHERE "Id" = $id;
            """, "$email", "$fields", "$version", "$last", "$now", "$id");
        // CASE instead of MAX(a, b): SQLite's two-argument MAX is PostgreSQL's GREATEST.
        _upsertMinute = Command(connection, """
            INSERT INTO "IngestionMinuteStats" ("CustomerId", "MinuteUtc", "Accepted", "Applied", "Failed", "Duplicate", "Skipped", "Deleted", "LatencySumMs", "LatencyCount", "LatencyMaxMs")
            VALUES ($customer, $minute, $accepted, $applied, $failed, $duplicate, $skipped, $deleted, $latencySum, $latencyCount, $latencyMax)
            ON CONFLICT ("CustomerId", "MinuteUtc") DO UPDATE SET
                "Accepted" = "IngestionMinuteStats"."Accepted" + excluded."Accepted",
                "Applied" = "IngestionMinuteStats"."Applied" + excluded."Applied",
                "Failed" = "IngestionMinuteStats"."Failed" + excluded."Failed",
                "Duplicate" = "IngestionMinuteStats"."Duplicate" + excluded."Duplicate",
                "Skipped" = "IngestionMinuteStats"."Skipped" + excluded."Skipped",
                "Deleted" = "IngestionMinuteStats"."Deleted" + excluded."Deleted",
                "LatencySumMs" = "IngestionMinuteStats"."LatencySumMs" + excluded."LatencySumMs",
                "LatencyCount" = "IngestionMinuteStats"."LatencyCount" + excluded."LatencyCount",
                "LatencyMaxMs" = CASE WHEN excluded."LatencyMaxMs" > "IngestionMinuteStats"."LatencyMaxMs"
                    THEN excluded."LatencyMaxMs" ELSE "IngestionMinuteStats"."LatencyMaxMs" END;
            """, "$customer", "$minute", "$accepted", "$applied", "$failed", "$duplicate", "$skipped", "$deleted", "$latencySum", "$latencyCount", "$latencyMax");
    }

    /// <summary>Runs the commands in the group's transaction.</summary>
    public void Enlist(DbTransaction transaction)
    {
        foreach (var command in All)
        {
            command.Transaction = transaction;
        }
    }

    private DbCommand[] All => [_insertEvent, _updateEvent, _insertInteraction, _findRecord, _insertRecord, _updateRecord, _upsertMinute];

    /// <summary>Logs the event; null when (source, messageId) is already stored: a duplicate.</summary>
    public async Task<long?> InsertEventAsync(
        SourceContext source, IncomingEvent incoming, EventLogLine line, DateTime receivedAtUtc, CancellationToken cancellationToken)
    {
        Set(_insertEvent, SqliteValues.Of(source.CustomerId), SqliteValues.Of(source.SourceId), incoming.MessageId,
            SqliteValues.Of(Truncate(incoming.Type, 40)), SqliteValues.Of(Truncate(incoming.EventName, 200)), SqliteValues.Of(line.UserId),
            SqliteValues.Of(receivedAtUtc), line.Status.ToString(), SqliteValues.Of(line.Reason), SqliteValues.Of(line.ConfigurationVersion),
            SqliteValues.Of(line.RecordKey), SqliteValues.Of(line.RawPayload));
        var id = await _insertEvent.ExecuteScalarAsync(cancellationToken);
        return id is null or DBNull ? null : Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rewrites a logged event's outcome (replay); returns its id.</summary>
    public async Task<long?> UpdateEventAsync(long eventId, EventLogLine line, DateTime now, CancellationToken cancellationToken)
    {
        Set(_updateEvent, line.Status.ToString(), SqliteValues.Of(line.Reason), SqliteValues.Of(line.ConfigurationVersion), SqliteValues.Of(line.RecordKey),
            SqliteValues.Of(line.UserId), SqliteValues.Of(line.RawPayload), SqliteValues.Of(now), eventId);
        await _updateEvent.ExecuteNonQueryAsync(cancellationToken);
        return eventId;
    }

    public async Task InsertInteractionAsync(Guid customerId, PreparedInteraction interaction, int version, long eventLogId, DateTime now, CancellationToken cancellationToken)
    {
        Set(_insertInteraction, SqliteValues.Of(customerId), interaction.Extension, interaction.EventId, interaction.RecipientKey,
            SqliteValues.Of(Truncate(interaction.EventType, 200)), SqliteValues.Of(interaction.EventTimestampUtc), interaction.FieldsJson, version, eventLogId,
            SqliteValues.Of(now));
        await _insertInteraction.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PendingRecord?> FindRecordAsync(Guid customerId, string primaryKey, CancellationToken cancellationToken)
    {
        Set(_findRecord, SqliteValues.Of(customerId), primaryKey);
        await using var reader = await _findRecord.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new PendingRecord(
            reader.GetInt64(0),
            JsonNode.Parse(reader.GetString(1)) as JsonObject ?? [],
            reader.IsDBNull(2) ? null : reader.GetString(2),
            DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
            reader.GetInt32(4));
    }

    public async Task SaveRecordAsync(Guid customerId, string primaryKey, PendingRecord record, DateTime now, CancellationToken cancellationToken)
    {
        var fields = record.Fields.ToJsonString();
        if (record.Id is { } id)
        {
            Set(_updateRecord, SqliteValues.Of(record.Email), fields, record.ConfigurationVersion, SqliteValues.Of(record.LastEventAtUtc), SqliteValues.Of(now), id);
            await _updateRecord.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            Set(_insertRecord, SqliteValues.Of(customerId), primaryKey, SqliteValues.Of(record.Email), fields, record.ConfigurationVersion,
                SqliteValues.Of(record.LastEventAtUtc), SqliteValues.Of(now));
            await _insertRecord.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Adds a group's increments to a customer's minute of statistics.</summary>
    public async Task AddMinuteStatsAsync(Dashboard.IngestionMinuteStat row, CancellationToken cancellationToken)
    {
        Set(_upsertMinute, SqliteValues.Of(row.CustomerId), SqliteValues.Of(row.MinuteUtc), row.Accepted, row.Applied, row.Failed, row.Duplicate, row.Skipped, row.Deleted,
            row.LatencySumMs, row.LatencyCount, row.LatencyMaxMs);
        await _upsertMinute.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in All)
        {
            await command.DisposeAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
