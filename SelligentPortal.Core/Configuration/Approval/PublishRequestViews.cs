namespace SelligentPortal.Core.Configuration.Approval;

/// <summary>A publish request as lists show it; staleness is computed when it is read.</summary>
public sealed record PublishRequestSummary(
    long Id,
    PublishRequestStatus Status,
    int DraftRevision,
    int? LiveVersion,
    string? Note,
    string RequestedById,
    string RequestedBy,
    DateTime RequestedAtUtc,
    string? DecidedBy,
    DateTime? DecidedAtUtc,
    string? DecisionComment,
    int? PublishedVersion,
    string? StaleReason)
{
    public bool IsPending => Status == PublishRequestStatus.Pending;

    /// <summary>Pending, but the draft or the live version changed since: it can no longer be approved.</summary>
    public bool IsStale => IsPending && StaleReason is not null;
}

/// <summary>
/// A publish request with what it would change against the version live when it was made, and the
/// checks run for it (regression fixtures, shadow run) when there were any.
/// </summary>
public sealed record PublishRequestDetail(
    PublishRequestSummary Summary,
    ConfigurationDocument Document,
    IReadOnlyList<TableComparison> Changes,
    string? FixtureSummaryJson,
    string? ShadowSummaryJson);
