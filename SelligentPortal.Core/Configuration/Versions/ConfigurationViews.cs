namespace SelligentPortal.Core.Configuration.Versions;

/// <summary>A customer's draft as editors see it.</summary>
public sealed record DraftView(
    ConfigurationDocument Document,
    int Revision,
    DateTime UpdatedAtUtc,
    string UpdatedBy,
    int? LatestVersion,
    bool HasUnpublishedChanges);

/// <summary>
/// A published version without its document. Four-eyes publishing: <see cref="ApprovedBy"/> and
/// <see cref="PublishRequestId"/> when a request was approved; <see cref="Urgent"/> when an Admin published without approval.
/// </summary>
public sealed record VersionSummary(
    int Number, string? Note, string PublishedBy, DateTime PublishedAtUtc, int? RestoredFrom,
    string? ApprovedBy = null, long? PublishRequestId = null, bool Urgent = false);

/// <summary>How a version published through four-eyes publishing came about (the request is in the same unit of work).</summary>
internal sealed record VersionApproval(string PublishedBy, string? ApprovedBy, Approval.PublishRequest? Request, bool Urgent);

/// <summary>A published version with its document.</summary>
public sealed record VersionDetail(VersionSummary Summary, ConfigurationDocument Document);

/// <summary>What a restore did: the draft now holds the old version; <see cref="Published"/> when it was also published.</summary>
public sealed record RestoreResult(DraftView Draft, VersionSummary? Published);

/// <summary>What publishing the saved draft would change against the latest version (null: nothing published yet).</summary>
public sealed record PublishPreview(
    int DraftRevision, int? LatestVersion, IReadOnlyList<TableComparison> Changes, IReadOnlyList<ConfigurationProblem> Problems)
{
    /// <summary>True when the draft differs from the latest version (or nothing is published).</summary>
    public bool HasChanges => LatestVersion is null || Changes.Any(t => t.Kind != ChangeKind.Unchanged);

    /// <summary>The customer's regression fixtures against the saved draft (none while it has problems): a failing one blocks publishing.</summary>
    public Fixtures.FixtureRunSummary Fixtures { get; init; } = Configuration.Fixtures.FixtureRunSummary.None;

    /// <summary>Whether publishing the saved draft would be refused.</summary>
    public bool IsBlocked => Problems.Count > 0 || Fixtures.Failed > 0;
}
