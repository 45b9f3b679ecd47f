using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Auditing;

/// <summary>Reads the audit log within the caller's scope, newest first.</summary>
public sealed class AuditQueries(PortalDbFactory dbFactory)
{
    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> PageAsync(
        Caller caller, int skip, int take, string? search, CancellationToken cancellationToken = default)
    {
        if (!caller.IsStaff)
        {
            return ([], 0);
        }

        await using var db = dbFactory.Create(caller.Scope);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(a => a.Subject.Contains(term) || a.Action.Contains(term) || a.ActorName.Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.Id).Skip(skip).Take(Math.Clamp(take, 1, 200)).ToListAsync(cancellationToken);
        return (items, total);
    }
}
