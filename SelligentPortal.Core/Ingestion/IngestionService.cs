using Microsoft.Extensions.Logging;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Core.Ingestion;

/// <summary>
/// Ingestion end to end: authenticate the write key, check the signature and rate limit, parse and
/// map every event in the caller's thread, then hand them to the single writer and answer only once
/// they are committed. The stages are the folders beside this file: Receive, Prepare, Write,
/// Acknowledge.
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
            .Select((e, i) => EventPreparation.Prepare(e, payload.ParsedEvent(i), payload.Envelope, latest, receivedAt))
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
        RequestSignature.Matches(source, request)
            ? null
            : new IngestionResult(IngestionStatus.Unauthorized, "X-Signature is missing or does not match the body (hex HMAC-SHA1 with the source's signing secret).");

    /// <summary>A deletion the source may not send stays in the log as failed, with the reason, and deletes nothing.</summary>
    private static PreparedEvent RefuseDeletion(PreparedEvent deletion) => new()
    {
        Incoming = deletion.Incoming,
        Status = EventStatus.Failed,
        Reason = "Deletes are accepted only from a server-side source or a signed request: this source's write keys may appear in web pages. " +
            "Mark the source server-side, or give it a signing secret, on its Sources page.",
        ConfigurationVersion = deletion.ConfigurationVersion,
    };
}
