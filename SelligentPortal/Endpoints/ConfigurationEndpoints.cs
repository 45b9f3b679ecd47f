using Mapster;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Endpoints;

/// <summary>
/// <c>/api/v1/customers/{customerId}/configuration</c>: the section 4 document as a draft, published
/// versions, restore, compare, preview, import and export.
/// </summary>
public static class ConfigurationEndpoints
{
    /// <summary>Configuration documents are small; anything larger is a mistake, not a schema.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    public static void MapConfigurationEndpoints(this RouteGroupBuilder api)
    {
        var configuration = api.MapGroup("/customers/{customerId:guid}/configuration").WithTags("Configuration");
        configuration.MapGet("/draft", GetDraft).WithName(nameof(GetDraft));
        configuration.MapPut("/draft", PutDraft).WithName(nameof(PutDraft)).Accepts<JsonElement>("application/json");
        configuration.MapPost("/publish", Publish).WithName(nameof(Publish));
        configuration.MapGet("/versions", ListVersions).WithName(nameof(ListVersions));
        configuration.MapGet("/versions/{version:int}", GetVersion).WithName(nameof(GetVersion));
        configuration.MapPost("/versions/{version:int}/restore", RestoreVersion).WithName(nameof(RestoreVersion));
        configuration.MapGet("/versions/{version:int}/compare/{other:int}", CompareVersions).WithName(nameof(CompareVersions));
        configuration.MapPost("/preview", Preview).WithName(nameof(Preview)).Accepts<JsonElement>("application/json");
        configuration.MapGet("/export", Export).WithName(nameof(Export));
        configuration.MapPost("/import", Import).WithName(nameof(Import)).Accepts<JsonElement>("application/json", "multipart/form-data");
    }

    /// <summary>The body of publish.</summary>
    public sealed record PublishRequest(string? Note);

    /// <summary>The answer of publish.</summary>
    public sealed record PublishResponse(int Version);

    /// <summary>The body of restore: <c>publish: true</c> also publishes the restored draft as a new version (with the note).</summary>
    public sealed record RestoreRequest(string? Note, bool Publish = false);

    /// <summary>The answer of restore: the draft's new revision, and the version published when asked for.</summary>
    public sealed record RestoreResponse(int DraftRevision, int RestoredFrom, int? Version);

    /// <summary>A published version in lists; <c>approvedBy</c> and <c>publishRequestId</c> when a publish request was approved, <c>urgent</c> when an Admin published without approval.</summary>
    public sealed record VersionResponse(
        int Version, string? Note, string PublishedBy, DateTime PublishedAt, int? RestoredFrom, string? ApprovedBy, long? PublishRequestId, bool Urgent);

    /// <summary>What changed between two versions.</summary>
    public sealed record CompareResponse(int From, int To, IReadOnlyList<ConfigurationChange> Changes);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDraft(
        Guid customerId, ApiCaller caller, HttpContext context, ConfigurationService configurations, CancellationToken cancellationToken)
    {
        var outcome = await configurations.GetDraftAsync(caller, customerId, cancellationToken);
        return outcome.ToResult(draft => DraftDocument(context, draft));
    }

    /// <summary>Replaces the draft. <c>If-Match: "revision"</c> (the ETag of the GET) turns a concurrent edit into 409.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> PutDraft(
        Guid customerId, ApiCaller caller, HttpContext context, ConfigurationService configurations, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        if (!TryReadIfMatch(context.Request, out var expectedRevision))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "If-Match must be the draft's ETag, a revision number in quotes such as \"3\".");
        }

        var outcome = await configurations.SaveDraftAsync(caller, customerId, body, expectedRevision, cancellationToken);
        return outcome.ToResult(draft => DraftDocument(context, draft));
    }

    public static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> Publish(
        Guid customerId, PublishRequest? request, ApiCaller caller, ConfigurationService configurations, CancellationToken cancellationToken)
    {
        var outcome = await configurations.PublishAsync(caller, customerId, request?.Note, cancellationToken);
        return outcome.ToResult(published => TypedResults.Ok(new PublishResponse(published.Number)));
    }

    public static async Task<Results<Ok<List<VersionResponse>>, ProblemHttpResult>> ListVersions(
        Guid customerId, ApiCaller caller, ConfigurationService configurations, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await configurations.ListVersionsAsync(caller, customerId, cancellationToken);
        return outcome.ToResult(versions => TypedResults.Ok(versions.Select(v => v.Adapt<VersionResponse>(mapper)).ToList()));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetVersion(
        Guid customerId, int version, ApiCaller caller, ConfigurationService configurations, CancellationToken cancellationToken)
    {
        var outcome = await configurations.GetVersionAsync(caller, customerId, version, cancellationToken);
        return outcome.ToResult(VersionDocument);
    }

    /// <summary>Puts version n into the draft; publishes it too only when the body says <c>"publish": true</c>.</summary>
    public static async Task<Results<Ok<RestoreResponse>, ProblemHttpResult>> RestoreVersion(
        Guid customerId, int version, RestoreRequest? request, ApiCaller caller, ConfigurationService configurations, CancellationToken cancellationToken)
    {
        var outcome = await configurations.RestoreAsync(caller, customerId, version, request?.Note, request?.Publish ?? false, cancellationToken);
        return outcome.ToResult(restored => TypedResults.Ok(new RestoreResponse(restored.Draft.Revision, version, restored.Published?.Number)));
    }

    public static async Task<Results<Ok<CompareResponse>, ProblemHttpResult>> CompareVersions(
        Guid customerId, int version, int other, ApiCaller caller, ConfigurationService configurations, CancellationToken cancellationToken)
    {
        var outcome = await configurations.CompareAsync(caller, customerId, version, other, cancellationToken);
        return outcome.ToResult(changes => TypedResults.Ok(new CompareResponse(version, other, changes)));
    }

    /// <summary>
    /// Maps one event with a published version (<c>"version": n</c>, default the latest) or the draft
    /// (<c>"version": "draft"</c>) and answers the typed records and errors. Nothing is stored.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Preview(
        Guid customerId, ApiCaller caller, HttpContext context, ConfigurationService configurations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        JsonDocument request;
        try
        {
            request = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return BadRequest($"The body is not valid JSON: {e.Message}");
        }

        using (request)
        {
            if (request.RootElement.ValueKind != JsonValueKind.Object || !request.RootElement.TryGetProperty("event", out var segmentEvent))
            {
                return BadRequest("Send {\"event\": {...}, \"version\": n | \"draft\"}.");
            }

            CompiledConfiguration compiled;
            string versionLabel;
            request.RootElement.TryGetProperty("version", out var version);
            if (version.ValueKind == JsonValueKind.String && version.GetString() == "draft")
            {
                var draft = await configurations.CompileDraftAsync(caller, customerId, cancellationToken);
                if (!draft.IsOk)
                {
                    return ManagementApi.Problem(draft);
                }

                (compiled, versionLabel) = (draft.Value!, "draft");
            }
            else if (version.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number)
            {
                int? number = version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var n) ? n : null;
                if (version.ValueKind == JsonValueKind.Number && number is null)
                {
                    return BadRequest("\"version\" must be a whole version number or \"draft\".");
                }

                var published = await configurations.GetCompiledAsync(caller, customerId, number, cancellationToken);
                if (!published.IsOk)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                        detail: number is null ? "Nothing is published yet: preview with \"version\": \"draft\"." : $"There is no version {number}.");
                }

                (versionLabel, compiled) = (published.Value.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), published.Value.Compiled);
            }
            else
            {
                return BadRequest("\"version\" must be a version number or \"draft\".");
            }

            var result = compiled.Map(segmentEvent, clock.GetUtcNow().UtcDateTime);
            return Json(writer => MappingResultJson.Write(writer, result, versionLabel));
        }
    }

    /// <summary>
    /// The draft (or <c>?version=n</c>) as a file to download; for staff with the customer's regression
    /// fixtures under <c>"fixtures"</c>, unless <c>?fixtures=false</c>.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        Guid customerId, int? version, bool? fixtures, ApiCaller caller, ConfigurationService configurations, RegressionFixtureService fixtureService,
        CancellationToken cancellationToken)
    {
        ConfigurationDocument document;
        string suffix;
        if (version is { } number)
        {
            var outcome = await configurations.GetVersionAsync(caller, customerId, number, cancellationToken);
            if (!outcome.IsOk)
            {
                return ManagementApi.Problem(outcome);
            }

            (document, suffix) = (outcome.Value!.Document, $"v{number}");
        }
        else
        {
            var outcome = await configurations.GetDraftAsync(caller, customerId, cancellationToken);
            if (!outcome.IsOk)
            {
                return ManagementApi.Problem(outcome);
            }

            (document, suffix) = (outcome.Value!.Document, "draft");
        }

        var json = ConfigurationDocumentSerializer.Serialize(document);
        if (fixtures != false && await fixtureService.ListAsync(caller, customerId, cancellationToken) is { IsOk: true, Value: { Count: > 0 } list })
        {
            json = FixtureFile.Join(json, list);
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", $"configuration-{customerId}-{suffix}.json");
    }

    /// <summary>
    /// Replaces the draft with an uploaded document: a JSON body or a multipart file field. Fixtures in the
    /// file are added or replaced by name; a bad fixture or a bad document changes nothing.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Import(
        Guid customerId, ApiCaller caller, HttpContext context, ConfigurationService configurations, RegressionFixtureService fixtures, CancellationToken cancellationToken)
    {
        string? body;
        if (context.Request.HasFormContentType)
        {
            if (context.Request.ContentLength > MaxDocumentBytes + 64 * 1024)
            {
                return TooLarge();
            }

            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return BadRequest($"The upload is not a valid multipart form: {e.Message}");
            }

            var file = form.Files.FirstOrDefault();
            if (file is null)
            {
                return BadRequest("Attach the configuration document as a file.");
            }

            if (file.Length > MaxDocumentBytes)
            {
                return TooLarge();
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            body = await reader.ReadToEndAsync(cancellationToken);
        }
        else
        {
            body = await ReadBodyAsync(context.Request, cancellationToken);
            if (body is null)
            {
                return TooLarge();
            }
        }

        var parts = FixtureFile.Split(body);
        if (parts.Problems.Count > 0)
        {
            var access = await fixtures.ListAsync(caller, customerId, cancellationToken);
            return ManagementApi.Problem(access.IsOk ? Outcome<int>.InvalidAt(parts.Problems) : access.As<int>());
        }

        // The fixtures go in only with a document that will be saved, so a refusal changes nothing.
        var parsed = ConfigurationDocumentSerializer.Parse(parts.DocumentJson);
        if (parts.Fixtures is { Count: > 0 } entries && parsed.Succeeded && ConfigurationValidator.Validate(parsed.Document!).Count == 0)
        {
            var imported = await fixtures.ImportAsync(caller, customerId, entries, cancellationToken);
            if (!imported.IsOk)
            {
                return ManagementApi.Problem(imported);
            }
        }

        var outcome = await configurations.SaveDraftAsync(caller, customerId, parts.DocumentJson, null, cancellationToken);
        return outcome.ToResult(draft => DraftDocument(context, draft));
    }

    private static ContentHttpResult VersionDocument(VersionDetail detail) =>
        Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", detail.Summary.Number);
            writer.WriteString("note", detail.Summary.Note);
            writer.WriteString("publishedBy", detail.Summary.PublishedBy);
            writer.WriteString("publishedAt", detail.Summary.PublishedAtUtc);
            if (detail.Summary.RestoredFrom is { } restoredFrom)
            {
                writer.WriteNumber("restoredFrom", restoredFrom);
            }
            else
            {
                writer.WriteNull("restoredFrom");
            }

            writer.WriteString("approvedBy", detail.Summary.ApprovedBy);
            if (detail.Summary.PublishRequestId is { } requestId)
            {
                writer.WriteNumber("publishRequestId", requestId);
            }
            else
            {
                writer.WriteNull("publishRequestId");
            }

            writer.WriteBoolean("urgent", detail.Summary.Urgent);

            writer.WritePropertyName("document");
            ConfigurationDocumentSerializer.Write(writer, detail.Document);
            writer.WriteEndObject();
        });

    private static ContentHttpResult DraftDocument(HttpContext context, DraftView draft)
    {
        context.Response.Headers.ETag = new EntityTagHeaderValue($"\"{draft.Revision}\"").ToString();
        return TypedResults.Text(ConfigurationDocumentSerializer.Serialize(draft.Document), "application/json", Encoding.UTF8);
    }

    private static ContentHttpResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return TypedResults.Text(Encoding.UTF8.GetString(buffer.WrittenSpan), "application/json", Encoding.UTF8);
    }

    private static bool TryReadIfMatch(HttpRequest request, out int? revision)
    {
        revision = null;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return true;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (int.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            revision = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The body as text, or null when it is over <see cref="MaxDocumentBytes"/> (read no further than that).</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxDocumentBytes)
        {
            return null;
        }

        using var body = await BoundedBody.ReadAsync(request.Body, MaxDocumentBytes, request.ContentLength, cancellationToken);
        return body is null ? null : Encoding.UTF8.GetString(body.Memory.Span);
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large",
            detail: $"A configuration document has at most {MaxDocumentBytes / 1024} KB.");
}
