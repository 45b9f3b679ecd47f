using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Versions;

/// <summary>A customer's configuration being edited. One per customer; never used to map events.</summary>
public sealed class ConfigurationDraft : ICustomerOwned
{
    public Guid CustomerId { get; set; }

    /// <summary>The section 4 document, as the serializer writes it.</summary>
    public required string DocumentJson { get; set; }

    /// <summary>Incremented by every save: two editors saving the same revision is a conflict.</summary>
    public int Revision { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }
}
