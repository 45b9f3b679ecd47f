using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Core.Ingestion;

/// <summary>How an ingestion request ended; the HTTP layer turns it into the exact status Segment expects.</summary>
public enum IngestionStatus
{
    Committed,
    BadRequest,
    Unauthorized,
    Forbidden,
    TooManyRequests,
    Unavailable,
    NotImplemented,
}

/// <summary>The answer to an ingestion request.</summary>
public sealed record IngestionResult(IngestionStatus Status, string? Message = null, IngestionCounts? Counts = null, int RetryAfterSeconds = 0);

/// <summary>What the HTTP layer read from a request.</summary>
public sealed record IngestionRequest(
    ReadOnlyMemory<byte> Body, string? HeaderWriteKey, string? Signature, string? ImpliedType, bool IsBatch, bool IsSingleEventDestination)
{
    /// <summary>A compressed body's bytes as sent (empty when the body came uncompressed): a signature may be over either.</summary>
    public ReadOnlyMemory<byte> SentBody { get; init; }
}

/// <summary>
/// Ingestion end to end: authenticate the write key, check the signature and rate limit, parse and
/// map every event in the caller's thread, then hand them to the single writer and answer only once
/// they are committed.
/// </summary>
public sealed class IngestionService(
    WriteKeyAuthenticator authenticator, SourceRateLimiter rateLimiter, ConfigurationService configurations,
    IngestionWriter writer, ShadowTraffic shadow, TimeProvider clock, ILogger<IngestionService> logger)
{
    private static readonly string[] SkippedByDestination = ["page", "screen", "group", "alias"];

    /// <param name="request">What the HTTP layer read.</param>
    /// <param name="started">When the request arrived (Stopwatch ticks), for the dashboard's latency per minute.</param>
    /// <param name="cancellationToken">The request's; once queued, events are written whether or not the client waits.</param>
    public async Task<IngestionResult> IngestAsync(IngestionRequest request, long started, CancellationToken cancellationToken)
    {
        IngestionResult result;
        try
        {
            result = await IngestCoreAsync(request, started, cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // The database (key lookup, configuration) is not answering: Segment should retry.
            logger.LogError(e, "Ingestion could not reach the database");
            result = new IngestionResult(IngestionStatus.Unavailable, "The database is not available; retry shortly.", RetryAfterSeconds: 5);
        }

        return result;
    }

    private async Task<IngestionResult> IngestCoreAsync(IngestionRequest request, long started, CancellationToken cancellationToken)
    {
        if (writer.IsClosed)
        {
            return new IngestionResult(IngestionStatus.Unavailable, "The service is shutting down; retry shortly.", RetryAfterSeconds: 5);
        }

        // A key in the header, and the signature, are checked before the body is parsed: an unsigned or
        // unknown sender costs no parsing. A key in the body needs the parse first.
        SourceContext? source = null;
        if (request.HeaderWriteKey is not null)
        {
            var refused = await AuthenticateAsync(request.HeaderWriteKey, cancellationToken);
            if ((refused.Result ?? CheckSignature(refused.Source!, request)) is { } refusal)
            {
                return refusal;
            }

            source = refused.Source;
        }

        using var payload = SegmentPayloadParser.Parse(request.Body, request.ImpliedType, request.IsBatch);
        if (source is null)
        {
            if (payload.BodyWriteKey is not { } key)
            {
                return payload.Error is { } bodyError
                    ? new IngestionResult(IngestionStatus.BadRequest, bodyError)
                    : new IngestionResult(IngestionStatus.Unauthorized, "A write key is required: Basic auth (key as user name), Bearer, or \"writeKey\" in the body.");
            }

            var refused = await AuthenticateAsync(key, cancellationToken);
            if ((refused.Result ?? CheckSignature(refused.Source!, request)) is { } refusal)
            {
                return refusal;
            }

            source = refused.Source!;
        }

        if (payload.Error is { } error)
        {
            return new IngestionResult(IngestionStatus.BadRequest, error);
        }

        if (payload.Events.Count == 0)
        {
            return new IngestionResult(IngestionStatus.Committed, Counts: IngestionCounts.Zero);
        }

        if (!rateLimiter.TryAcquire(source.SourceId, source.RateLimitPerSecond, payload.Events.Count, out var retryAfter))
        {
            return new IngestionResult(IngestionStatus.TooManyRequests, "This source is over its rate limit.", RetryAfterSeconds: retryAfter);
        }

        var receivedAt = UtcTime.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        (int Version, CompiledConfiguration Compiled)? latest;
        try
        {
            latest = await configurations.GetLatestPublishedAsync(source.CustomerId, cancellationToken);
        }
        catch (Exception e) when (e is not (System.Data.Common.DbException or TimeoutException or OperationCanceledException))
        {
            // A stored version that no longer reads or compiles (a bug, or a hand-edited database): the
            // events are not ours to fail, so Segment keeps them and retries while someone fixes it.
            logger.LogError(e, "The published configuration of customer {CustomerId} could not be loaded; its events are answered 503", source.CustomerId);
            return new IngestionResult(IngestionStatus.Unavailable, "This customer's published configuration could not be loaded; retry shortly.", RetryAfterSeconds: 30);
        }
        var prepared = payload.Events
            .Select((e, i) => Prepare(e, payload.ParsedEvent(i), payload.Envelope, latest, receivedAt))
            .Select(e => e.Status == EventStatus.Deleted && !source.MayDelete ? RefuseDeletion(e) : e)
            .ToList();

        // Mapped: the parsed body is not needed while the events wait for the writer (the using above
        // only covers the early returns; disposing twice is harmless).
        payload.Dispose();
        var write = new PendingWrite(source, prepared, receivedAt, started);
        if (!writer.TryEnqueue(write))
        {
            return new IngestionResult(IngestionStatus.Unavailable,
                writer.IsClosed ? "The service is shutting down; retry shortly." : "The service is overloaded; retry shortly.", RetryAfterSeconds: 5);
        }

        IngestionCounts counts;
        try
        {
            // Not cancelled with the request: once queued, the events are written whether or not the client waits.
            counts = await write.Completion.Task;
        }
        catch (IngestionUnavailableException e)
        {
            return new IngestionResult(IngestionStatus.Unavailable, e.Message, RetryAfterSeconds: 5);
        }

        if (latest is { } live)
        {
            // Committed, so a retry after a 503 is not compared twice; the draft maps them in the background.
            shadow.Offer(source.CustomerId, prepared, live.Compiled, receivedAt, counts.Duplicate);
        }

        if (request.IsSingleEventDestination && prepared[0].Incoming.Type is { } type && SkippedByDestination.Contains(type))
        {
            return new IngestionResult(IngestionStatus.NotImplemented, $"'{type}' calls are not supported by this destination.", counts);
        }

        return new IngestionResult(IngestionStatus.Committed, Counts: counts);
    }

    private async Task<(IngestionResult? Result, SourceContext? Source)> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        var (verdict, source) = await authenticator.AuthenticateAsync(key, cancellationToken);
        return verdict switch
        {
            KeyVerdict.Accepted => (null, source),
            KeyVerdict.Disabled => (new IngestionResult(IngestionStatus.Forbidden, "This source is disabled."), null),
            // Revoked and unknown read the same, so the answer does not confirm that a leaked key ever existed.
            _ => (new IngestionResult(IngestionStatus.Unauthorized, "Unknown or revoked write key."), null),
        };
    }

    /// <summary>401 when the source signs its requests and this one's X-Signature does not match; null when it passes.</summary>
    private static IngestionResult? CheckSignature(SourceContext source, IngestionRequest request) =>
        source.SigningSecret is { } secret && !SignatureMatches(secret, request.Body.Span, request.Signature)
            && (request.SentBody.IsEmpty || !SignatureMatches(secret, request.SentBody.Span, request.Signature))
            ? new IngestionResult(IngestionStatus.Unauthorized, "X-Signature is missing or does not match the body (hex HMAC-SHA1 with the source's signing secret).")
            : null;

    private static bool SignatureMatches(byte[] secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 40)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[20];
        HMACSHA1.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

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

    /// <summary>A deletion the source may not send stays in the log as failed, with the reason, and deletes nothing.</summary>
    private static PreparedEvent RefuseDeletion(PreparedEvent deletion) => new()
    {
        Incoming = deletion.Incoming,
        Status = EventStatus.Failed,
        Reason = "Deletes are accepted only from a server-side source or a signed request: this source's write keys may appear in web pages. " +
            "Mark the source server-side, or give it a signing secret, on its Sources page.",
        ConfigurationVersion = deletion.ConfigurationVersion,
    };

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
