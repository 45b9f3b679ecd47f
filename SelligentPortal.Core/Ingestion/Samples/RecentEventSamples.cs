using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Ingestion.Samples;

/// <summary>
/// The mapping editor's samples: the customer's most recent stored events (so the path tree shows
/// what this customer really sends), then the built-in Segment examples.
/// Callers check the customer is visible to the user before asking.
/// </summary>
public sealed class RecentEventSamples(PortalDbFactory dbFactory) : ISampleEventSource
{
    public const int RecentCount = 20;

    public async Task<IReadOnlyList<SampleEvent>> GetSamplesAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var recent = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.RawPayload != null)
            .OrderByDescending(e => e.Id)
            .Take(RecentCount)
            .Select(e => new { e.Type, e.EventName, e.ReceivedAtUtc, e.RawPayload, Envelope = db.EventEnvelopes.Where(x => x.Id == e.EnvelopeId).Select(x => x.Json).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var builtIn = await SegmentExamples.Instance.GetSamplesAsync(customerId, cancellationToken);
        return recent
            .Select(e => new SampleEvent(
                $"Recent {e.Type ?? "event"}{(e.EventName is null ? "" : $" '{e.EventName}'")} ({e.ReceivedAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)",
                // The event as its mapping sees it, with what it inherits from its batch's envelope.
                BatchEnvelope.Apply(e.RawPayload!, e.Envelope)))
            .Concat(builtIn)
            .ToList();
    }
}
