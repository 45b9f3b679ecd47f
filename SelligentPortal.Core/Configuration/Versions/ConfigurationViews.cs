namespace SelligentPortal.Core.Configuration.Versions;

/// <summary>A customer's draft as editors see it.</summary>
public sealed record DraftView(
    ConfigurationDocument Document,
    int Revision,
    DateTime UpdatedAtUtc,
    string UpdatedBy,
    int? LatestVersion,
    bool HasUnpublishedChanges);

/// <summary>A published version without its document.</summary>
public sealed record VersionSummary(int Number, string? Note, string PublishedBy, DateTime PublishedAtUtc, int? RestoredFrom);

/// <summary>A published version with its document.</summary>
public sealed record VersionDetail(VersionSummary Summary, ConfigurationDocument Document);
