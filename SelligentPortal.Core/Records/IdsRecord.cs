using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>A row of a customer's Internal Data Source, keyed by its primary key.</summary>
public sealed class IdsRecord : ICustomerOwned
{
    /// <summary>The longest primary key stored (a text key field may be longer: such an event fails).</summary>
    public const int PrimaryKeyMaxLength = 200;

    public const int EmailMaxLength = 320;

    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The primary key value in invariant text (integers as digits).</summary>
    public required string PrimaryKey { get; set; }

    /// <summary>The value of the email-role field, kept apart for search.</summary>
    public string? Email { get; set; }

    /// <summary>Field name → typed value (the API's JSON form). Schemas differ per customer, so no column per field.</summary>
    public required string FieldsJson { get; set; }

    public int ConfigurationVersion { get; set; }

    /// <summary>The event time of the newest event applied: older events only fill empty fields.</summary>
    public DateTime LastEventAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
