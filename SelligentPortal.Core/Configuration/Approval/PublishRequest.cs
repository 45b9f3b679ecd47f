using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Approval;

/// <summary>
/// A draft put up for publishing where the customer requires a second person's approval. It keeps the
/// document as requested; once the draft changes, the request is stale and cannot be approved.
/// </summary>
public sealed class PublishRequest : ICustomerOwned
{
    public const int CommentMaxLength = 1000;

    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The draft revision the request was made from.</summary>
    public int DraftRevision { get; set; }

    /// <summary>The document to publish, as the serializer wrote it.</summary>
    public required string DocumentJson { get; set; }

    /// <summary>The version live when the request was made (null before the first publish).</summary>
    public int? LiveVersion { get; set; }

    public string? Note { get; set; }

    public required string RequestedById { get; set; }

    public required string RequestedBy { get; set; }

    public DateTime RequestedAtUtc { get; set; }

    public PublishRequestStatus Status { get; set; }

    public string? DecidedById { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecisionComment { get; set; }

    /// <summary>The version an approval published.</summary>
    public int? PublishedVersion { get; set; }

    /// <summary>The regression fixtures' results when the request was made, as JSON.</summary>
    public string? FixtureSummaryJson { get; set; }

    /// <summary>The shadow run's summary when the request was made, if one ran, as JSON.</summary>
    public string? ShadowSummaryJson { get; set; }
}

/// <summary>Where a publish request stands.</summary>
public enum PublishRequestStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Withdrawn = 3,

    /// <summary>Ended without a decision: the draft changed, another request or a publish replaced it.</summary>
    Superseded = 4,
}
