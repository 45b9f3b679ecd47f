using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>A customer's ingestion at a glance, for the customer overview.</summary>
public sealed record CustomerActivity(DateTime? LastEventAtUtc, int FailedLast24Hours, int Sources, int ActiveKeys, int IdsRecords);

/// <summary>Reads <see cref="CustomerActivity"/> within the caller's scope (null: not visible).</summary>
public sealed class CustomerActivityQuery(PortalDbFactory dbFactory, TimeProvider clock)
{
    public async Task<CustomerActivity?> GetAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return null;
        }

        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var last = await db.Events.AsNoTracking().Where(e => e.CustomerId == customerId)
            .OrderByDescending(e => e.Id).Select(e => (DateTime?)e.ReceivedAtUtc).FirstOrDefaultAsync(cancellationToken);
        // A constant status, so the partial index of failures serves the count.
        var failed = await db.Events.CountAsync(e => e.CustomerId == customerId && e.Status == EventStatus.Failed && e.ReceivedAtUtc >= since, cancellationToken);
        var sources = await db.Sources.CountAsync(s => s.CustomerId == customerId, cancellationToken);
        var keys = await db.WriteKeys.CountAsync(k => k.CustomerId == customerId && k.RevokedAtUtc == null, cancellationToken);
        var records = await db.IdsRecords.CountAsync(r => r.CustomerId == customerId, cancellationToken);
        return new CustomerActivity(last, failed, sources, keys, records);
    }
}
