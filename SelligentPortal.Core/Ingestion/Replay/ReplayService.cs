using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Ingestion.Replay;

/// <summary>What to replay: chosen events, or every failed event matching a filter.</summary>
public sealed record ReplayRequest(IReadOnlyList<long>? EventIds, EventFilter? FailedMatching);

/// <summary>How far a replay is: events done (stored or found not replayable) of the total selected.</summary>
public sealed record ReplayProgress(int Done, int Total);

/// <summary>What a replay did; <c>NotFound</c>: asked-for event ids that are not this customer's events.</summary>
public sealed record ReplayOutcome(int Replayed, int Applied, int Failed, int Skipped, int NotReplayable, int? ConfigurationVersion, int NotFound = 0);

/// <summary>
/// Re-runs stored events through the current published version. Idempotent: records merge and
/// interactions dedupe as on first arrival, so a second replay changes nothing more.
/// </summary>
public sealed class ReplayService(
    PortalDbFactory dbFactory, ConfigurationService configurations, IngestionWriter writer, CommitNotifications notifications, TimeProvider clock)
{
    public const int MaxEventsPerReplay = 50_000;
    private const int ChunkSize = 500;

    /// <summary>Replays the events; <paramref name="progress"/> hears once before the first chunk and after every chunk.</summary>
    public async Task<Outcome<ReplayOutcome>> ReplayAsync(
        Caller caller, Guid customerId, ReplayRequest request, IProgress<ReplayProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<ReplayOutcome>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<ReplayOutcome>.Forbidden("Only Admins and Relationship Managers replay events.");
        }

        if ((request.EventIds is null) == (request.FailedMatching is null))
        {
            return Outcome<ReplayOutcome>.Invalid("Give either \"eventIds\" or \"failed\" (a filter of failed events), not both.");
        }

        var asked = request.EventIds?.Distinct().Count() ?? 0;
        if (asked > MaxEventsPerReplay)
        {
            return Outcome<ReplayOutcome>.Invalid($"At most {MaxEventsPerReplay:N0} event ids are replayed at once.");
        }

        var latest = await configurations.GetLatestPublishedAsync(customerId, cancellationToken);
        if (latest is null)
        {
            return Outcome<ReplayOutcome>.Invalid("Nothing is published for this customer: publish a configuration, then replay.");
        }

        var query = request.EventIds is { } ids
            ? db.Events.Where(e => e.CustomerId == customerId && ids.Contains(e.Id))
            : RecordQueries.Filter(db.Events, customerId, request.FailedMatching! with { Status = EventStatus.Failed });
        var selected = await query.AsNoTracking().OrderBy(e => e.Id).Take(MaxEventsPerReplay)
            .Select(e => new
            {
                e.Id, e.MessageId, e.Type, e.EventName, e.UserId, e.RawPayload, e.Status, e.ReceivedAtUtc,
                Envelope = db.EventEnvelopes.Where(x => x.Id == e.EnvelopeId).Select(x => x.Json).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        int applied = 0, failed = 0, skipped = 0, notReplayable = 0, done = 0;
        progress?.Report(new ReplayProgress(0, selected.Count));
        foreach (var chunk in selected.Chunk(ChunkSize))
        {
            var prepared = new List<(long, PreparedEvent)>();
            foreach (var e in chunk)
            {
                // A deletion is never replayed: one that failed was refused for its source, and a bulk
                // replay of failures must not carry it out behind the RM's back.
                if (e.RawPayload is null || e.Status == EventStatus.Deleted || e.Type == "delete")
                {
                    notReplayable++;
                    continue;
                }

                var incoming = IncomingEvent.Stored(e.MessageId, e.Type, e.EventName, e.UserId, e.RawPayload, e.Envelope);
                prepared.Add((e.Id, EventPreparation.Prepare(incoming, latest, e.ReceivedAtUtc)));
            }

            IReadOnlyList<EventStatus> statuses;
            try
            {
                statuses = await writer.ReplayAsync(customerId, prepared);
            }
            catch (IngestionUnavailableException e)
            {
                // What was replayed stays replayed (a replay is idempotent); the rest can be replayed again.
                notifications.Publish(customerId);
                return Outcome<ReplayOutcome>.Unavailable($"Replayed {done:N0} of {selected.Count:N0} events; the rest could not be stored now ({e.Message}) Replay again shortly.");
            }

            foreach (var status in statuses)
            {
                _ = status switch
                {
                    EventStatus.Applied or EventStatus.Deleted => applied++,
                    EventStatus.Skipped => skipped++,
                    _ => failed++,
                };
            }

            done += chunk.Length;
            progress?.Report(new ReplayProgress(done, selected.Count));
        }

        notifications.Publish(customerId);
        var notFound = request.EventIds is null ? 0 : asked - selected.Count;
        var outcome = new ReplayOutcome(selected.Count - notReplayable, applied, failed, skipped, notReplayable, latest.Value.Version, notFound);
        await using (var audit = dbFactory.CreateUnrestricted())
        {
            AuditLog.Record(audit, caller.Actor, clock, "events.replayed", $"{outcome.Replayed} event(s)", customerId, after: outcome);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return Outcome<ReplayOutcome>.Ok(outcome);
    }
}
