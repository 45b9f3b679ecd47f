using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>An Interaction Extension record an event produced.</summary>
public sealed record ProducedInteraction(string Extension, string EventId);

/// <summary>What an event became: the IDS record an identify wrote, the interactions a track inserted.</summary>
public sealed record EventProducts(string? IdsRecordKey, IReadOnlyList<ProducedInteraction> Interactions);

/// <summary>
/// Finds the records an event produced. Interactions are found by mapping the stored payload again
/// with the version that applied it and looking the keys up by their unique index, then keeping those
/// whose lineage names this event: no scan of the customer's interactions.
/// </summary>
public sealed class EventProductQuery(PortalDbFactory dbFactory, ConfigurationService configurations)
{
    public async Task<Outcome<EventProducts>> GetAsync(Caller caller, Guid customerId, long eventId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var e = await db.Events.AsNoTracking().Where(x => x.CustomerId == customerId && x.Id == eventId)
            .Select(x => new
            {
                x.MessageId, x.Type, x.EventName, x.UserId, x.Status, x.RecordKey, x.RawPayload, x.ConfigurationVersion, x.ReceivedAtUtc,
                Envelope = db.EventEnvelopes.Where(v => v.Id == x.EnvelopeId).Select(v => v.Json).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (e is null)
        {
            return Outcome<EventProducts>.NotFound();
        }

        if (e.Status != EventStatus.Applied || e.RawPayload is null || e.ConfigurationVersion is not { } version || e.Type != "track")
        {
            var key = e.Status == EventStatus.Applied ? e.RecordKey : null;
            return Outcome<EventProducts>.Ok(new EventProducts(key, []));
        }

        var compiled = await configurations.GetCompiledAsync(caller, customerId, version, cancellationToken);
        if (!compiled.IsOk)
        {
            return Outcome<EventProducts>.Ok(new EventProducts(null, []));
        }

        var prepared = EventPreparation.Prepare(IncomingEvent.Stored(e.MessageId, e.Type, e.EventName, e.UserId, e.RawPayload, e.Envelope), compiled.Value, e.ReceivedAtUtc);
        var produced = new List<ProducedInteraction>();
        foreach (var interaction in prepared.Interactions)
        {
            var mine = await db.InteractionRecords.AnyAsync(
                r => r.CustomerId == customerId && r.Extension == interaction.Extension && r.EventId == interaction.EventId && r.IngestedEventId == eventId,
                cancellationToken);
            if (mine)
            {
                produced.Add(new ProducedInteraction(interaction.Extension, interaction.EventId));
            }
        }

        return Outcome<EventProducts>.Ok(new EventProducts(null, produced));
    }
}
