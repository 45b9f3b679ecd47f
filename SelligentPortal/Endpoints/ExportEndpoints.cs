using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Export;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Endpoints;

/// <summary>
/// CSV downloads for signed-in portal users (cookie), with the same tenant rules as the pages:
/// <c>/exports/customers/{customerId}/records/ids.csv</c>, <c>…/records/interactions/{extension}.csv</c>, <c>…/events.csv</c>.
/// </summary>
public static class ExportEndpoints
{
    private const string Prefix = "/exports";

    /// <summary>Marks the downloads: signed out, they answer 401, since a redirect would save the sign-in page as the CSV file.</summary>
    public sealed class DownloadMetadata
    {
        public static DownloadMetadata Instance { get; } = new();

        private DownloadMetadata()
        {
        }
    }

    /// <summary>Rows written between flushes: the download starts at once and memory stays flat.</summary>
    public const int FlushEveryRows = 500;

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapGroup(Prefix + "/customers/{customerId:guid}").RequireAuthorization().ExcludeFromDescription()
            .WithMetadata(DownloadMetadata.Instance);
        customer.MapGet("/records/ids.csv", ExportIdsRecords).WithName(nameof(ExportIdsRecords));
        customer.MapGet("/records/interactions/{extension}.csv", ExportInteractions).WithName(nameof(ExportInteractions));
        customer.MapGet("/events.csv", ExportEvents).WithName(nameof(ExportEvents));
    }

    public static async Task<Results<CsvDownload, NotFound, ProblemHttpResult>> ExportIdsRecords(
        Guid customerId, string? search, string? key, string? email, string? from, string? to, string? sort,
        SignedInCaller caller, CsvExports exports, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var (fromUtc, toUtc) = TimeRange(from, to, problems);
        var order = IdsSort.Newest;
        if (!string.IsNullOrEmpty(sort) && !IdsFilter.SortNames.TryGetValue(sort, out order))
        {
            problems.Add($"sort '{sort}' is not one of {string.Join(", ", IdsFilter.SortNames.Keys)}.");
        }

        var filter = new IdsFilter(NullIfBlank(search), NullIfBlank(key), NullIfBlank(email), fromUtc, toUtc, order);
        return await ExportAsync(problems, () => exports.IdsAsync(caller, customerId, filter, cancellationToken));
    }

    public static async Task<Results<CsvDownload, NotFound, ProblemHttpResult>> ExportInteractions(
        Guid customerId, string extension, string? recipient, string? eventType, string? from, string? to,
        SignedInCaller caller, CsvExports exports, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var (fromUtc, toUtc) = TimeRange(from, to, problems);
        var filter = new InteractionFilter(recipient, eventType, fromUtc, toUtc);
        return await ExportAsync(problems, () => exports.InteractionsAsync(caller, customerId, extension, filter, cancellationToken));
    }

    public static async Task<Results<CsvDownload, NotFound, ProblemHttpResult>> ExportEvents(
        Guid customerId, string? status, string? type, string? messageId, string? from, string? to,
        SignedInCaller caller, CsvExports exports, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        EventStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (EventStatusNames.TryParse(status, out var value))
            {
                parsedStatus = value;
            }
            else
            {
                problems.Add($"status '{status}' is not one of {EventStatusNames.All}.");
            }
        }

        var (fromUtc, toUtc) = TimeRange(from, to, problems);
        var filter = new EventFilter(parsedStatus, NullIfBlank(type), NullIfBlank(messageId), fromUtc, toUtc);
        return await ExportAsync(problems, () => exports.EventsAsync(caller, customerId, filter, cancellationToken));
    }

    private static async Task<Results<CsvDownload, NotFound, ProblemHttpResult>> ExportAsync(
        List<string> problems, Func<Task<Outcome<CsvTable>>> export)
    {
        if (problems.Count > 0)
        {
            return Invalid(problems);
        }

        var outcome = await export();
        // Another customer's export answers exactly like a missing one.
        return outcome.IsOk ? new CsvDownload(outcome.Value!) : TypedResults.NotFound();
    }

    private static ProblemHttpResult Invalid(List<string> problems) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid export filter", detail: string.Join(" ", problems));

    private static (DateTime? From, DateTime? To) TimeRange(string? from, string? to, List<string> problems)
    {
        var fromUtc = Time("from", from, problems);
        var toUtc = Time("to", to, problems);
        if (fromUtc >= toUtc)
        {
            problems.Add("from must be earlier than to.");
        }

        return (fromUtc, toUtc);
    }

    private static DateTime? Time(string name, string? value, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (UtcTime.TryParse(value, out var utc))
        {
            return utc;
        }

        problems.Add($"{name} '{value}' is not an ISO 8601 time (for example 2026-12-03T10:00:00Z).");
        return null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Streams a <see cref="CsvTable"/> as an attachment: UTF-8 with a byte order mark (so spreadsheets read it as UTF-8), chunked, never buffered whole.</summary>
public sealed class CsvDownload(CsvTable table) : IResult
{
    public CsvTable Table => table;

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = table.FileName }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";

        await response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var text = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        var csv = new CsvWriter(text);
        await csv.WriteRowAsync(table.Header, cancellationToken);
        var rows = 0;
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            await csv.WriteRowAsync(row, cancellationToken);
            if (++rows % ExportEndpoints.FlushEveryRows == 0)
            {
                await text.FlushAsync(cancellationToken);
            }
        }

        await text.FlushAsync(cancellationToken);
    }
}
