using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Approval;

namespace SelligentPortal.Endpoints;

/// <summary>
/// <c>/api/v1/customers/{customerId}/configuration/publish-requests</c> and <c>.../publish-urgent</c>:
/// four-eyes publishing. Staff only (403 for Customer users, as for drafts).
/// </summary>
public static class PublishRequestEndpoints
{
    public static void MapPublishRequestEndpoints(this RouteGroupBuilder api)
    {
        var configuration = api.MapGroup("/customers/{customerId:guid}/configuration").WithTags("Publish requests");
        configuration.MapGet("/publish-requests", ListPublishRequests).WithName(nameof(ListPublishRequests));
        configuration.MapPost("/publish-requests", RequestPublish).WithName(nameof(RequestPublish));
        configuration.MapGet("/publish-requests/{requestId:long}", GetPublishRequest).WithName(nameof(GetPublishRequest));
        configuration.MapPost("/publish-requests/{requestId:long}/approve", ApprovePublishRequest).WithName(nameof(ApprovePublishRequest));
        configuration.MapPost("/publish-requests/{requestId:long}/reject", RejectPublishRequest).WithName(nameof(RejectPublishRequest));
        configuration.MapPost("/publish-requests/{requestId:long}/withdraw", WithdrawPublishRequest).WithName(nameof(WithdrawPublishRequest));
        configuration.MapPost("/publish-urgent", PublishUrgently).WithName(nameof(PublishUrgently));
    }

    /// <summary>The body of a publish request.</summary>
    public sealed record PublishRequestBody(string? Note);

    /// <summary>The body of approve, reject (comment required) and withdraw.</summary>
    public sealed record DecisionBody(string? Comment);

    /// <summary>The body of an urgent publish: the reason is required and becomes the version's note.</summary>
    public sealed record UrgentPublishBody(string? Reason);

    /// <summary>A publish request. <c>stale</c>: pending, but the draft or the live version changed since, so it cannot be approved.</summary>
    public sealed record PublishRequestResponse(
        long Id, string Status, bool Stale, string? StaleReason, int DraftRevision, int? LiveVersion, string? Note,
        string RequestedBy, DateTime RequestedAt, string? DecidedBy, DateTime? DecidedAt, string? Comment, int? PublishedVersion);

    /// <summary>One table's changes against the version live when the request was made.</summary>
    public sealed record TableChangeResponse(string Table, string Kind, string Summary, IReadOnlyList<FieldChangeResponse> Fields);

    /// <summary>One field's change: <c>kind</c> is added, removed or changed.</summary>
    public sealed record FieldChangeResponse(string Field, string Kind);

    /// <summary>A request with what it changes; <c>fixtures</c> and <c>shadowRun</c> are the checks' summaries when they ran.</summary>
    public sealed record PublishRequestDetailResponse(
        PublishRequestResponse Request, IReadOnlyList<TableChangeResponse> Changes, System.Text.Json.JsonElement? Fixtures, System.Text.Json.JsonElement? ShadowRun);

    /// <summary>What a decision did; <c>version</c> is the version an approval published.</summary>
    public sealed record DecisionResponse(PublishRequestResponse Request, int? Version);

    public static async Task<Results<Ok<List<PublishRequestResponse>>, ProblemHttpResult>> ListPublishRequests(
        Guid customerId, ApiCaller caller, PublishRequestService requests, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await requests.ListAsync(caller, customerId, cancellationToken);
        return outcome.ToResult(list => TypedResults.Ok(list.Select(r => r.Adapt<PublishRequestResponse>(mapper)).ToList()));
    }

    /// <summary>Puts the saved draft up for approval; a pending request is superseded by it.</summary>
    public static async Task<Results<Created<PublishRequestResponse>, ProblemHttpResult>> RequestPublish(
        Guid customerId, PublishRequestBody? body, ApiCaller caller, PublishRequestService requests, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await requests.RequestAsync(caller, customerId, body?.Note, cancellationToken);
        return outcome.ToResult(request => TypedResults.Created($"/api/v1/customers/{customerId}/configuration/publish-requests/{request.Id}", request.Adapt<PublishRequestResponse>(mapper)));
    }

    public static async Task<Results<Ok<PublishRequestDetailResponse>, ProblemHttpResult>> GetPublishRequest(
        Guid customerId, long requestId, ApiCaller caller, PublishRequestService requests, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await requests.GetAsync(caller, customerId, requestId, cancellationToken);
        return outcome.ToResult(detail => TypedResults.Ok(Response(detail, mapper)));
    }

    /// <summary>A second person approves: the request's document becomes the next version.</summary>
    public static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> ApprovePublishRequest(
        Guid customerId, long requestId, DecisionBody? body, ApiCaller caller, PublishRequestService requests, TypeAdapterConfig mapper, CancellationToken cancellationToken) =>
        Decision(await requests.ApproveAsync(caller, customerId, requestId, body?.Comment, cancellationToken), mapper);

    public static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> RejectPublishRequest(
        Guid customerId, long requestId, DecisionBody? body, ApiCaller caller, PublishRequestService requests, TypeAdapterConfig mapper, CancellationToken cancellationToken) =>
        Decision(await requests.RejectAsync(caller, customerId, requestId, body?.Comment, cancellationToken), mapper);

    public static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> WithdrawPublishRequest(
        Guid customerId, long requestId, DecisionBody? body, ApiCaller caller, PublishRequestService requests, TypeAdapterConfig mapper, CancellationToken cancellationToken) =>
        Decision(await requests.WithdrawAsync(caller, customerId, requestId, body?.Comment, cancellationToken), mapper);

    /// <summary>Admins only: publishes the draft without approval, flagged urgent.</summary>
    public static async Task<Results<Ok<ConfigurationEndpoints.PublishResponse>, ProblemHttpResult>> PublishUrgently(
        Guid customerId, UrgentPublishBody? body, ApiCaller caller, PublishRequestService requests, CancellationToken cancellationToken)
    {
        var outcome = await requests.PublishUrgentlyAsync(caller, customerId, body?.Reason, cancellationToken);
        return outcome.ToResult(published => TypedResults.Ok(new ConfigurationEndpoints.PublishResponse(published.Number)));
    }

    private static Results<Ok<DecisionResponse>, ProblemHttpResult> Decision(Core.Common.Outcome<PublishRequestDecision> outcome, TypeAdapterConfig mapper) =>
        outcome.ToResult(decision => TypedResults.Ok(new DecisionResponse(decision.Request.Adapt<PublishRequestResponse>(mapper), decision.Version?.Number)));

    /// <summary>Computed, not copied: unchanged tables and fields are left out, and the checks' summaries are parsed.</summary>
    private static PublishRequestDetailResponse Response(PublishRequestDetail detail, TypeAdapterConfig mapper)
    {
        var changes = detail.Changes.Where(t => t.Kind != ChangeKind.Unchanged)
            .Select(t => new TableChangeResponse(t.Name, Kind(t.Kind), t.Summary,
                t.Fields.Where(f => f.Kind != ChangeKind.Unchanged).Select(f => new FieldChangeResponse(f.Name, Kind(f.Kind))).ToList()))
            .ToList();
        return new PublishRequestDetailResponse(detail.Summary.Adapt<PublishRequestResponse>(mapper), changes, Json(detail.FixtureSummaryJson), Json(detail.ShadowSummaryJson));
    }

    private static string Kind(ChangeKind kind) => kind.ToString().ToLowerInvariant();

    private static System.Text.Json.JsonElement? Json(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
