namespace SelligentPortal.Core.Auditing;

/// <summary>Who made a change, as the audit log records it.</summary>
public sealed record AuditActor(string? UserId, string Name)
{
    public static AuditActor System { get; } = new(null, "system");
}
