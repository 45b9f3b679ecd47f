using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Fixtures;

/// <summary>
/// An event a customer relies on, with what it must become: every draft is mapped against it, and a
/// draft that changes the outcome cannot be published until the change is fixed or accepted.
/// </summary>
public sealed class RegressionFixture : ICustomerOwned
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CustomerId { get; set; }

    public required string Name { get; set; }

    /// <summary>The Segment event as its mapping saw it: a batch's envelope fields already applied.</summary>
    public required string EventJson { get; set; }

    /// <summary>The receipt time the event is mapped with, so times derived from it stay fixed.</summary>
    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>The expected outcome, as <see cref="Outcomes.EventOutcome"/> JSON.</summary>
    public required string ExpectedJson { get; set; }

    /// <summary>Where the event came from: event-log, lineage, recent or pasted.</summary>
    public required string Origin { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
