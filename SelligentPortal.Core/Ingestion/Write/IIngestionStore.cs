using SelligentPortal.Core.Ingestion.Prepare;

namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>
/// Where the single writer stores events, one transaction at a time: the seam between ingestion and
/// the database engine (Persistence/Sqlite, Persistence/PostgreSql).
/// </summary>
public interface IIngestionStore
{
    /// <summary>Stores the group and commits; the counts per request, in order. Throws when nothing was committed.</summary>
    Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken);

    /// <summary>Stores a customer's replayed events with their new outcomes and commits; their statuses, in order.</summary>
    Task<IReadOnlyList<EventStatus>> ReplayAsync(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a failure leaves what the disk holds unknown (a failed write or sync, corruption): the
    /// writer then stops for good, and a restart recovers from the disk.
    /// </summary>
    bool IsStorageFault(Exception exception);
}
