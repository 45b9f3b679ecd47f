using System.Collections.Frozen;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion;

namespace SelligentPortal.Endpoints;

/// <summary>
/// The Segment-compatible ingestion endpoints: <c>/segment</c> (Segment's destination shape) and the
/// HTTP Tracking API (<c>/v1/...</c> and the SDKs' short forms). Never a redirect, never a 5xx for bad
/// input, never a 200 before the events are committed.
/// </summary>
/// <remarks>
/// They run on a branch of their own at the front of the pipeline, not as routed endpoints: an event
/// needs none of the portal's middleware (static files, status-code pages, Identity's cookies,
/// antiforgery, Blazor's routes), and the branch answers its own 404 and 405 in the ingestion answer's
/// JSON shape. Measured in bench/ingestion/README.md: the request side alone takes a third less CPU.
/// </remarks>
public static class IngestionEndpoints
{
    private const string DestinationPath = "/segment";
    private const string TrackingPath = "/v1";

    /// <summary>The Tracking API's paths below <c>/v1</c>: the call type they imply, or a batch.</summary>
    private static readonly FrozenDictionary<string, (string? Type, bool Batch)> TrackingRoutes = new Dictionary<string, (string?, bool)>
    {
        ["identify"] = ("identify", false), ["i"] = ("identify", false),
        ["track"] = ("track", false), ["t"] = ("track", false),
        ["page"] = ("page", false), ["p"] = ("page", false),
        ["screen"] = ("screen", false), ["s"] = ("screen", false),
        ["group"] = ("group", false), ["g"] = ("group", false),
        ["alias"] = ("alias", false), ["a"] = ("alias", false),
        ["batch"] = (null, true), ["b"] = (null, true), ["import"] = (null, true),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, (string? Type, bool Batch)>.AlternateLookup<ReadOnlySpan<char>> TrackingRouteLookup =
        TrackingRoutes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every path the ingestion branch answers (the path tests go over each).</summary>
    public static IEnumerable<string> Paths => TrackingRoutes.Keys.Select(path => $"{TrackingPath}/{path}").Prepend(DestinationPath);

    /// <summary>Branches <c>/segment</c> and <c>/v1/*</c> off before any of the portal's middleware.</summary>
    public static void UseIngestionPipeline(this IApplicationBuilder app)
    {
        app.Map(DestinationPath, branch => branch.UseIngestion(rest => rest is "" or "/" ? (null, false, true) : null));
        app.Map(TrackingPath, branch => branch.UseIngestion(TrackingRoute));
    }

    /// <summary>"/track" or "/track/" (routing's own leniency); "/track/more" is no endpoint.</summary>
    private static (string? Type, bool Batch, bool Destination)? TrackingRoute(string rest) =>
        TrackingRouteLookup.TryGetValue(rest.AsSpan().Trim('/'), out var route) ? (route.Type, route.Batch, false) : null;

    private static void UseIngestion(this IApplicationBuilder branch, Func<string, (string? Type, bool Batch, bool Destination)?> route)
    {
        // A fault is a JSON problem (500), in every environment: the clients are machines.
        branch.UseExceptionHandler();
        branch.Run(async context =>
        {
            IResult answer = route(context.Request.Path.Value ?? "") switch
            {
                null => NotAnEndpoint(context),
                _ when !HttpMethods.IsPost(context.Request.Method) => NotPost(context),
                var (type, batch, destination) => await IngestAsync(context, type, batch, destination),
            };
            await answer.ExecuteAsync(context);
        });
    }

    private static JsonHttpResult<IngestionAnswer> NotAnEndpoint(HttpContext context) => TypedResults.Json(
        Refusal($"No ingestion endpoint answers {context.Request.PathBase}{context.Request.Path}: send events to {DestinationPath} or {TrackingPath}/identify, /track, /batch and the other call types."),
        statusCode: StatusCodes.Status404NotFound);

    private static JsonHttpResult<IngestionAnswer> NotPost(HttpContext context)
    {
        context.Response.Headers.Allow = HttpMethods.Post;
        return TypedResults.Json(
            Refusal($"{context.Request.PathBase}{context.Request.Path} takes POST, not {context.Request.Method}."),
            statusCode: StatusCodes.Status405MethodNotAllowed);
    }

    private static IngestionAnswer Refusal(string message) => new(false, message, null, null, null, null, null, null);

    private static async Task<JsonHttpResult<IngestionAnswer>> IngestAsync(HttpContext context, string? impliedType, bool batch, bool destination)
    {
        var started = Stopwatch.GetTimestamp();
        var limit = batch ? SegmentPayloadParser.MaxBatchBytes : SegmentPayloadParser.MaxEventBytes;
        var (body, sent, bodyError) = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            return Answer(context, new IngestionResult(IngestionStatus.BadRequest, bodyError), started);
        }

        using (body)
        using (sent)
        {
            var request = new IngestionRequest(
                body.Memory, HeaderWriteKey(context.Request), context.Request.Headers["X-Signature"].ToString(), impliedType, batch, destination)
            {
                SentBody = sent?.Memory ?? default,
            };
            var ingestion = context.RequestServices.GetRequiredService<IngestionService>();
            return Answer(context, await ingestion.IngestAsync(request, started, CancellationToken.None), started);
        }
    }

    /// <summary>The JSON body of every ingestion answer.</summary>
    public sealed record IngestionAnswer(
        bool Success, string? Message, int? Accepted, int? Applied, int? Duplicate, int? Failed, int? Skipped, int? Deleted);

    /// <summary>The answer to a result, counted in the metrics with its status and latency.</summary>
    private static JsonHttpResult<IngestionAnswer> Answer(HttpContext context, IngestionResult result, long started)
    {
        var status = StatusCode(result.Status);
        context.RequestServices.GetRequiredService<IngestionMetrics>().Answered(status, Stopwatch.GetElapsedTime(started));
        if (result.RetryAfterSeconds > 0)
        {
            context.Response.Headers.RetryAfter = result.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var c = result.Counts;
        var answer = new IngestionAnswer(
            result.Status == IngestionStatus.Committed, result.Message, c?.Accepted, c?.Applied, c?.Duplicate, c?.Failed, c?.Skipped, c?.Deleted);
        return TypedResults.Json(answer, statusCode: status);
    }

    /// <summary>The HTTP status of a result (Segment decides whether to retry from it).</summary>
    private static int StatusCode(IngestionStatus status) => status switch
    {
        IngestionStatus.Committed => StatusCodes.Status200OK,
        IngestionStatus.BadRequest => StatusCodes.Status400BadRequest,
        IngestionStatus.Unauthorized => StatusCodes.Status401Unauthorized,
        IngestionStatus.Forbidden => StatusCodes.Status403Forbidden,
        IngestionStatus.TooManyRequests => StatusCodes.Status429TooManyRequests,
        IngestionStatus.NotImplemented => StatusCodes.Status501NotImplemented,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>Basic (the key is the user name) or Bearer; null when neither is sent.</summary>
    private static string? HeaderWriteKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? decoded : decoded[..colon];
            }
            catch (FormatException)
            {
                return "";
            }
        }

        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes, decompressing gzip on the way: a larger body is
    /// refused as soon as it passes the limit, never buffered whole first. A signed gzip body also
    /// keeps its bytes as sent, since the signature may be over those (docs/product.md section 5).
    /// </summary>
    private static async Task<(BoundedBody? Body, BoundedBody? Sent, string? Error)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var tooLarge = limit == SegmentPayloadParser.MaxBatchBytes ? "The batch is larger than 500 KB." : "The event is larger than 32 KB.";
        if (request.ContentLength > limit)
        {
            return (null, null, tooLarge);
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, $"Content-Encoding '{encoding}' is not supported; send gzip or nothing.");
        }

        if (!gzip)
        {
            var (plain, error) = await ReadLimitedAsync(request.Body, limit, tooLarge, request.ContentLength, cancellationToken);
            return (plain, null, error);
        }

        BoundedBody? sent = null;
        var compressed = request.Body;
        if (request.Headers.ContainsKey("X-Signature"))
        {
            // Compressed, a body is no larger than its content (gzip adds a few bytes to incompressible data).
            (sent, var error) = await ReadLimitedAsync(request.Body, limit + 1024, tooLarge, request.ContentLength, cancellationToken);
            if (sent is null)
            {
                return (null, null, error);
            }

            compressed = sent.AsStream();
        }

        try
        {
            await using var stream = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            var (body, bodyError) = await ReadLimitedAsync(stream, limit, tooLarge, request.ContentLength * 8, cancellationToken);
            if (body is null)
            {
                sent?.Dispose();
            }

            return (body, body is null ? null : sent, bodyError);
        }
        catch
        {
            sent?.Dispose();
            throw;
        }
    }

    private static async Task<(BoundedBody? Body, string? Error)> ReadLimitedAsync(
        Stream stream, int limit, string tooLarge, long? expectedLength, CancellationToken cancellationToken)
    {
        try
        {
            var body = await BoundedBody.ReadAsync(stream, limit, expectedLength, cancellationToken);
            return body is null ? (null, tooLarge) : (body, null);
        }
        catch (InvalidDataException)
        {
            return (null, "The body is not valid gzip.");
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusal of the framing, such as a malformed chunk: the client's fault, never a 5xx.
            return (null, $"The request body could not be read: {e.Message}");
        }
    }
}
