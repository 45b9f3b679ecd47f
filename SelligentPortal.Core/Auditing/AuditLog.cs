using System.Text.Json;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Auditing;

/// <summary>
/// Adds audit entries to the caller's unit of work, so a change and its audit line commit together.
/// Callers pass states without secrets; the log never sees a key or password.
/// </summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(
        PortalDbContext db, AuditActor actor, TimeProvider clock, string action, string subject,
        Guid? customerId = null, object? before = null, object? after = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            CustomerId = customerId,
            Action = action,
            Subject = subject,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
    }
}
