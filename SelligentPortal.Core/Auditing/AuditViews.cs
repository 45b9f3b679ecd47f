using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Core.Auditing;

/// <summary>
/// One audit entry as a line of the log: who (<c>ActorName</c>), when, for which customer, the stored action
/// and subject, and in <c>Summary</c> what changed in words (<c>Saved draft revision 5: CUSTOMERS: 1 field
/// added (plan)</c>); <c>HasDetail</c> when there is a before or after state to show.
/// </summary>
public sealed record AuditLine(
    long Id, DateTime AtUtc, string ActorName, Guid? CustomerId, string? CustomerName, string Action, string Subject, string Summary, bool HasDetail);

/// <summary>One value of an entry's state before and after (absent: null).</summary>
public sealed record AuditValueChange(string Name, string? Before, string? After);

/// <summary>An entry's detail: for configuration changes the tables and fields that changed, otherwise the values.</summary>
public sealed record AuditDetail(AuditLine Line, IReadOnlyList<TableComparison>? Configuration, IReadOnlyList<AuditValueChange> Values);
