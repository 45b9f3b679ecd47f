using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Auditing;

/// <summary>Reads the audit log within the caller's scope, newest first, a page at a time, as lines people read.</summary>
public sealed class AuditQueries(PortalDbFactory dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<(IReadOnlyList<AuditLine> Items, int Total)> PageAsync(
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
            var customers = db.Customers.Where(c => c.Name.Contains(term)).Select(c => (Guid?)c.Id);
            query = query.Where(a => a.Subject.Contains(term) || a.Action.Contains(term) || a.ActorName.Contains(term) || customers.Contains(a.CustomerId));
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(a => a.Id).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, entries.Select(e => e.CustomerId), cancellationToken);
        return (entries.Select(e => AuditWording.Line(e, Name(names, e.CustomerId))).ToList(), total);
    }

    /// <summary>One entry with what changed; null when it does not exist or is not the caller's.</summary>
    public async Task<AuditDetail?> GetDetailAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        if (!caller.IsStaff)
        {
            return null;
        }

        await using var db = dbFactory.Create(caller.Scope);
        var entry = await db.AuditEntries.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var names = await NamesAsync(db, [entry.CustomerId], cancellationToken);
        return AuditWording.Detail(entry, Name(names, entry.CustomerId));
    }

    private static async Task<Dictionary<Guid, string>> NamesAsync(PortalDbContext db, IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return await db.Customers.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
    }

    private static string? Name(Dictionary<Guid, string> names, Guid? id) => id is { } customer ? names.GetValueOrDefault(customer) : null;
}
