using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>
/// A draft mapped beside the live version on a customer's incoming events, for a period or a number
/// of events. Its results are never stored as records: only <see cref="ShadowRunTally"/> aggregates.
/// </summary>
public sealed class ShadowRun : ICustomerOwned
{
    public const int MaxDays = 7;

    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The draft revision being shadowed; a newer revision ends the run.</summary>
    public int DraftRevision { get; set; }

    public required string DocumentJson { get; set; }

    /// <summary>The version live when the run started.</summary>
    public int? LiveVersion { get; set; }

    public required string StartedBy { get; set; }

    public DateTime StartedAtUtc { get; set; }

    /// <summary>The run ends at this time (at most <see cref="MaxDays"/> after its start).</summary>
    public DateTime EndsAtUtc { get; set; }

    /// <summary>The run ends after this many events, if set.</summary>
    public int? MaxEvents { get; set; }

    public DateTime? EndedAtUtc { get; set; }

    /// <summary>Why it ended: completed, stopped, a new draft, a publish.</summary>
    public string? EndReason { get; set; }
}

/// <summary>
/// One instance's share of a shadow run's aggregates: each instance writes only its own row, and the
/// shadow page adds them up.
/// </summary>
public sealed class ShadowRunTally : ICustomerOwned
{
    public long RunId { get; set; }

    public required string InstanceId { get; set; }

    public Guid CustomerId { get; set; }

    public long Events { get; set; }

    /// <summary>The aggregates and the bounded sample of differing events, as JSON.</summary>
    public required string SummaryJson { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
