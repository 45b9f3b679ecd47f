using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Endpoints;

/// <summary>Reading back records and the event log, and replaying events: <c>/api/v1/customers/{customerId}/records|events</c>.</summary>
public static class RecordEndpoints
{
    public const int DefaultPageSize = 50;

    public static void MapRecordEndpoints(this RouteGroupBuilder api)
    {
        var customer = api.MapGroup("/customers/{customerId:guid}");
        var records = customer.MapGroup("/records").WithTags("Records");
        records.MapGet("/ids", ListIdsRecords).WithName(nameof(ListIdsRecords));
        records.MapGet("/ids/{primaryKey}", GetIdsRecord).WithName(nameof(GetIdsRecord));
        records.MapGet("/interactions/{extensionName}", ListInteractions).WithName(nameof(ListInteractions));
        records.MapGet("/interactions/{extensionName}/{eventId}", GetInteraction).WithName(nameof(GetInteraction));

        var events = customer.MapGroup("/events").WithTags("Events");
        events.MapGet("/", ListEvents).WithName(nameof(ListEvents));
        events.MapGet("/{eventId:long}", GetEvent).WithName(nameof(GetEvent));
        events.MapPost("/replay", ReplayEvents).WithName(nameof(ReplayEvents));
    }

    /// <summary>The body of a replay: <c>eventIds</c>, or <c>failed</c> with a filter of failed events.</summary>
    public sealed record ReplayBody(IReadOnlyList<long>? EventIds, ReplayFilter? Failed);

    /// <summary>Which failed events to replay (all members optional; <c>reason</c> matches exactly).</summary>
    public sealed record ReplayFilter(string? Type, string? MessageId, DateTime? From, DateTime? To, string? Reason = null);

    public static async Task<Results<Ok<Page<IdsRecordView>>, ProblemHttpResult>> ListIdsRecords(
        Guid customerId, string? search, string? key, string? email, DateTime? from, DateTime? to, string? sort, string? cursor, int? limit,
        ApiCaller caller, RecordQueries queries, CancellationToken cancellationToken)
    {
        var order = IdsSort.Newest;
        if (!string.IsNullOrEmpty(sort) && !IdsFilter.SortNames.TryGetValue(sort, out order))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: $"sort is one of {string.Join(", ", IdsFilter.SortNames.Keys)}.");
        }

        var filter = new IdsFilter(search, key, email, Utc(from), Utc(to), order);
        var outcome = await queries.ListIdsAsync(caller, customerId, filter, cursor, limit ?? DefaultPageSize, cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    /// <summary>
    /// A key from one path segment: the server decodes every escape in a path but %2F (it would split
    /// the segment), so a key holding "/" (Segment user ids may) arrives with its %2F still in it.
    /// </summary>
    private static string PathValue(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    public static async Task<Results<Ok<IdsRecordDetail>, ProblemHttpResult>> GetIdsRecord(
        Guid customerId, string primaryKey, ApiCaller caller, RecordQueries queries, CancellationToken cancellationToken)
    {
        var outcome = await queries.GetIdsAsync(caller, customerId, PathValue(primaryKey), cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Ok<Page<InteractionView>>, ProblemHttpResult>> ListInteractions(
        Guid customerId, string extensionName, string? recipient, string? eventType, DateTime? from, DateTime? to, string? cursor, int? limit,
        ApiCaller caller, RecordQueries queries, CancellationToken cancellationToken)
    {
        var filter = new InteractionFilter(recipient, eventType, Utc(from), Utc(to));
        var outcome = await queries.ListInteractionsAsync(caller, customerId, extensionName, filter, cursor, limit ?? DefaultPageSize, cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Ok<InteractionDetail>, ProblemHttpResult>> GetInteraction(
        Guid customerId, string extensionName, string eventId, ApiCaller caller, RecordQueries queries, CancellationToken cancellationToken)
    {
        var outcome = await queries.GetInteractionAsync(caller, customerId, extensionName, PathValue(eventId), cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Ok<Page<EventSummary>>, ProblemHttpResult>> ListEvents(
        Guid customerId, string? status, string? type, string? messageId, DateTime? from, DateTime? to, string? cursor, int? limit,
        ApiCaller caller, RecordQueries queries, CancellationToken cancellationToken)
    {
        EventStatus? parsedStatus = null;
        if (status is not null)
        {
            if (!EventStatusNames.TryParse(status, out var value))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                    detail: $"status is one of {EventStatusNames.All}.");
            }

            parsedStatus = value;
        }

        var filter = new EventFilter(parsedStatus, type, messageId, Utc(from), Utc(to));
        var outcome = await queries.ListEventsAsync(caller, customerId, filter, cursor, limit ?? DefaultPageSize, cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Ok<EventDetail>, ProblemHttpResult>> GetEvent(
        Guid customerId, long eventId, ApiCaller caller, RecordQueries queries, CancellationToken cancellationToken)
    {
        var outcome = await queries.GetEventAsync(caller, customerId, eventId, cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Ok<ReplayOutcome>, ProblemHttpResult>> ReplayEvents(
        Guid customerId, ReplayBody body, ApiCaller caller, ReplayService replay, CancellationToken cancellationToken)
    {
        var filter = body.Failed is { } f ? new EventFilter(EventStatus.Failed, f.Type, f.MessageId, Utc(f.From), Utc(f.To), f.Reason) : null;
        var outcome = await replay.ReplayAsync(caller, customerId, new ReplayRequest(body.EventIds, filter), cancellationToken: cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    private static DateTime? Utc(DateTime? value) => value?.Kind switch
    {
        null => null,
        DateTimeKind.Local => value.Value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value!.Value, DateTimeKind.Utc),
    };
}
