using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Configuration.Shadow;

namespace SelligentPortal.Endpoints;

/// <summary>
/// <c>/api/v1/customers/{customerId}/configuration/shadow</c>: start, read and stop a shadow run of the
/// draft on live traffic. Staff only: Customer users get 403, like drafts.
/// </summary>
public static class ShadowRunEndpoints
{
    public static void MapShadowRunEndpoints(this RouteGroupBuilder api)
    {
        var shadow = api.MapGroup("/customers/{customerId:guid}/configuration/shadow").WithTags("Configuration");
        shadow.MapGet("", GetShadowRun).WithName(nameof(GetShadowRun));
        shadow.MapPost("", StartShadowRun).WithName(nameof(StartShadowRun));
        shadow.MapPost("/stop", StopShadowRun).WithName(nameof(StopShadowRun));
    }

    /// <summary>The body of start: a period (days and/or hours, at most 7 days), a number of events, or both.</summary>
    public sealed record StartShadowRunRequest(int? Days, int? Hours, int? Events);

    /// <summary>A run and what it found so far; <c>state</c> is <c>active</c> or <c>ended</c>.</summary>
    public sealed record ShadowRunResponse(
        long Id, string State, int DraftRevision, int? LiveVersion, string StartedBy, DateTime StartedAt, DateTime EndsAt, int? MaxEvents,
        long Events, long? EventsLeft, DateTime? EndedAt, string? EndReason, ShadowSummaryResponse Summary);

    /// <summary>The aggregates, most frequent first.</summary>
    public sealed record ShadowSummaryResponse(
        long Compared, long Unchanged, long Changed, long NotCompared, long NowFailing, long NowSucceeding,
        IReadOnlyList<ReasonCount> NowFailingReasons, IReadOnlyList<FieldChangeResponse> Fields,
        IReadOnlyList<TableCount> RecordsCreated, IReadOnlyList<TableCount> RecordsNoLongerCreated, IReadOnlyList<SampleResponse> Samples);

    public sealed record ReasonCount(string Reason, long Count);

    public sealed record TableCount(string Table, long Count);

    /// <summary>A field (null: the record key) and how often its value would change, with examples (values as JSON text).</summary>
    public sealed record FieldChangeResponse(string Table, string? Field, long Changes, IReadOnlyList<ShadowFieldExample> Examples);

    public sealed record SampleResponse(
        string MessageId, string? Type, string? EventName, DateTime ReceivedAt, string Live, string Draft, IReadOnlyList<DifferenceResponse> Differences, int MoreDifferences);

    /// <summary>One difference: <c>what</c> is status, reason, record, key or field.</summary>
    public sealed record DifferenceResponse(string What, string? Table, string? Field, string? Live, string? Draft);

    /// <summary>The active run, else the latest; 404 when the customer never had one.</summary>
    public static async Task<Results<Ok<ShadowRunResponse>, ProblemHttpResult>> GetShadowRun(
        Guid customerId, ApiCaller caller, ShadowRunService shadowRuns, CancellationToken cancellationToken)
    {
        var outcome = await shadowRuns.GetAsync(caller, customerId, cancellationToken);
        if (!outcome.IsOk)
        {
            return ManagementApi.Problem(outcome);
        }

        return outcome.Value is { } run
            ? TypedResults.Ok(Response(run))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No shadow run was started for this customer yet.");
    }

    public static async Task<Results<Ok<ShadowRunResponse>, ProblemHttpResult>> StartShadowRun(
        Guid customerId, StartShadowRunRequest? request, ApiCaller caller, ShadowRunService shadowRuns, CancellationToken cancellationToken)
    {
        TimeSpan? period = request?.Days is null && request?.Hours is null
            ? null
            // Bounded before it becomes a TimeSpan: an absurd number is "more than 7 days", not an overflow.
            : TimeSpan.FromHours(Math.Clamp((request.Days ?? 0) * 24.0 + (request.Hours ?? 0), -1, 24.0 * 366));
        var outcome = await shadowRuns.StartAsync(caller, customerId, new ShadowRunRequest(period, request?.Events), cancellationToken);
        return outcome.ToResult(run => TypedResults.Ok(Response(run)));
    }

    public static async Task<Results<Ok<ShadowRunResponse>, ProblemHttpResult>> StopShadowRun(
        Guid customerId, ApiCaller caller, ShadowRunService shadowRuns, CancellationToken cancellationToken)
    {
        var outcome = await shadowRuns.StopAsync(caller, customerId, cancellationToken);
        return outcome.ToResult(run => TypedResults.Ok(Response(run)));
    }

    private static ShadowRunResponse Response(ShadowRunView run)
    {
        var s = run.Summary;
        return new ShadowRunResponse(run.Id, run.IsActive ? "active" : "ended", run.DraftRevision, run.LiveVersion, run.StartedBy, run.StartedAtUtc,
            run.EndsAtUtc, run.MaxEvents, run.Events, run.EventsLeft, run.EndedAtUtc, run.EndReason,
            new ShadowSummaryResponse(s.Compared, s.Unchanged, s.Changed, s.NotCompared, s.NowFailing, s.NowSucceeding,
                [.. s.NowFailingReasons.OrderByDescending(r => r.Value).Select(r => new ReasonCount(r.Key, r.Value))],
                [.. s.FieldsByCount().Select(f => new FieldChangeResponse(f.Table, f.Field, f.Count, f.Examples))],
                Counts(s.RecordsCreated), Counts(s.RecordsNoLongerCreated),
                [.. s.Samples.Select(x => new SampleResponse(x.MessageId, x.Type, x.EventName, x.ReceivedAtUtc, x.LiveStatus, x.DraftStatus,
                    [.. x.Differences.Select(d => new DifferenceResponse(d.What, d.Table, d.Field, d.Expected, d.Actual))], x.MoreDifferences))]));
    }

    private static List<TableCount> Counts(Dictionary<string, long> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new TableCount(c.Key, c.Value))];
}
