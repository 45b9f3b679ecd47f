using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Examples;

/// <summary>What the mapping editor works from.</summary>
/// <param name="Samples">Events to preview on: recent identifies, recent tracks (one per event name first), then the built-in examples.</param>
/// <param name="RecentPayloads">The customer's recent events, identifies and tracks apart: the path tree and the "not seen" hints read these.</param>
public sealed record EditorSamples(IReadOnlyList<SampleEvent> Samples, IReadOnlyList<string> RecentPayloads)
{
    /// <summary>The built-in examples alone (a customer without events).</summary>
    public static EditorSamples BuiltIn { get; } = new(SegmentExamples.All, []);

    /// <summary>Every payload the path tree is built from: the recent events and the built-in examples.</summary>
    public IEnumerable<string> CatalogPayloads => RecentPayloads.Concat(SegmentExamples.All.Select(e => e.Json));
}

/// <summary>
/// Reads a customer's recent events for the mapping editor. Identifies and tracks are taken apart, so a
/// customer whose last events are all tracks still has its identifies' traits in the tree and the preview.
/// </summary>
public sealed class EditorSampleSource(PortalDbFactory dbFactory)
{
    /// <summary>How far back the editor looks: the customer's most recent events, of any type.</summary>
    public const int Window = 2000;

    /// <summary>Recent events per type the tree is built from.</summary>
    public const int PerType = 200;

    /// <summary>Recent events per type listed as samples.</summary>
    public const int Listed = 8;

    public async Task<EditorSamples> GetAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var window = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.RawPayload != null && (e.Type == "identify" || e.Type == "track"))
            .OrderByDescending(e => e.Id)
            .Take(Window)
            .Select(e => new { e.Id, e.Type })
            .ToListAsync(cancellationToken);
        var ids = window.Where(e => e.Type == "identify").Take(PerType).Concat(window.Where(e => e.Type == "track").Take(PerType)).Select(e => e.Id).ToList();
        if (ids.Count == 0)
        {
            return EditorSamples.BuiltIn;
        }

        var events = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && ids.Contains(e.Id))
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Type, e.EventName, e.Status, e.ReceivedAtUtc, e.RawPayload })
            .ToListAsync(cancellationToken);
        var identifies = events.Where(e => e.Type == "identify").Take(Listed);
        // One of each Track name first (so every extension has a sample), then the most recent others.
        var tracks = events.Where(e => e.Type == "track").ToList();
        var firstOfEachName = tracks.GroupBy(e => e.EventName).Select(g => g.First()).ToList();
        var listedTracks = firstOfEachName.Concat(tracks.Except(firstOfEachName)).Take(Math.Max(Listed, firstOfEachName.Count));
        var samples = identifies.Concat(listedTracks)
            .Select(e => new SampleEvent(
                string.Create(CultureInfo.InvariantCulture, $"Recent {e.Type} ({e.ReceivedAtUtc:yyyy-MM-dd HH:mm} UTC)"),
                e.RawPayload!,
                e.Status == EventStatus.Failed ? "failed" : null,
                e.Id))
            .Concat(SegmentExamples.All)
            .ToList();
        return new EditorSamples(samples, events.Select(e => e.RawPayload!).ToList());
    }
}
