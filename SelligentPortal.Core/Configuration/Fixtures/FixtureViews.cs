using SelligentPortal.Core.Configuration.Outcomes;

namespace SelligentPortal.Core.Configuration.Fixtures;

/// <summary>A fixture as the portal and the API show it.</summary>
public sealed record FixtureView(
    Guid Id, string Name, string Origin, string EventJson, DateTime ReceivedAtUtc, EventOutcome Expected,
    string CreatedBy, DateTime CreatedAtUtc, string UpdatedBy, DateTime UpdatedAtUtc);

/// <summary>
/// A fixture to save: the event pasted (<see cref="EventJson"/>) or taken from the event log
/// (<see cref="EventLogId"/>). Without <see cref="Expected"/>, it expects what the live version makes
/// of the event today (the saved draft's outcome before the first publish).
/// </summary>
public sealed record NewFixture(
    string Name, string? EventJson = null, long? EventLogId = null, string? Origin = null, EventOutcome? Expected = null, DateTime? ReceivedAtUtc = null);

/// <summary>Where a fixture's event came from.</summary>
public static class FixtureOrigins
{
    public const string EventLog = "event-log";
    public const string Lineage = "lineage";
    public const string Recent = "recent";
    public const string Pasted = "pasted";
    public const string Imported = "imported";

    public static IReadOnlyList<string> All { get; } = [EventLog, Lineage, Recent, Pasted, Imported];
}
