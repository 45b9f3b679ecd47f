using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>
/// Reading back records and the event log, newest first, with keyset paging (the cursor is the last
/// row id seen), so any page of any size of table costs one index range scan and no count.
/// </summary>
public sealed class RecordQueries(PortalDbFactory dbFactory)
{
    public const int MaxPageSize = 500;

    /// <summary>How many rows in time order a prefix filter first looks through for a full page.</summary>
    public const int IdsPrefixProbeRows = 5000;

    /// <summary>A page of the IDS, filtered and sorted; every order is a keyset on an index (see <see cref="IdsSort"/>).</summary>
    public async Task<Outcome<Page<IdsRecordView>>> ListIdsAsync(
        Caller caller, Guid customerId, IdsFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<Page<IdsRecordView>>.NotFound();
        }

        var after = IdsKeyset.Parse(filter.Sort, cursor);
        if (!after.IsOk)
        {
            return after.As<Page<IdsRecordView>>();
        }

        if (filter.Problems() is { Count: > 0 } problems)
        {
            return Outcome<Page<IdsRecordView>>.Invalid(problems);
        }

        var take = Math.Clamp(limit, 1, MaxPageSize);
        var bounded = IdsKeyset.Bounded(db.IdsRecords.AsNoTracking().Where(r => r.CustomerId == customerId), filter, after.Value);
        List<IdsRecord>? rows = null;
        if (IdsKeyset.HasPrefix(filter) && filter.Sort is IdsSort.Newest or IdsSort.Oldest)
        {
            // A common prefix (say "a") matches tens of thousands of rows, and sorting them all by time is slow.
            // So first look for a full page among the next rows in time order: if it is there, it is exactly
            // the page; if not, the prefix is rare and its index range is small enough to sort.
            var probe = IdsKeyset.Order(bounded, filter.Sort).Take(IdsPrefixProbeRows);
            rows = await IdsKeyset.Order(IdsKeyset.Prefixes(probe, filter, indexed: false), filter.Sort).Take(take + 1).ToListAsync(cancellationToken);
            rows = rows.Count > take ? rows : null;
        }

        rows ??= await IdsKeyset.Order(IdsKeyset.Prefixes(bounded, filter, indexed: true), filter.Sort).Take(take + 1).ToListAsync(cancellationToken);
        var more = rows.Count > take;
        var items = rows.Take(take).Select(View).ToList();
        return Outcome<Page<IdsRecordView>>.Ok(new Page<IdsRecordView>(items, more ? IdsKeyset.Cursor(filter.Sort, rows[take - 1]) : null));
    }

    public async Task<Outcome<IdsRecordDetail>> GetIdsAsync(Caller caller, Guid customerId, string primaryKey, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var record = await db.IdsRecords.AsNoTracking().SingleOrDefaultAsync(r => r.CustomerId == customerId && r.PrimaryKey == primaryKey, cancellationToken);
        if (record is null)
        {
            return Outcome<IdsRecordDetail>.NotFound();
        }

        var lineage = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.RecordKey == primaryKey)
            .OrderByDescending(e => e.Id).Take(MaxPageSize)
            .ToListAsync(cancellationToken);
        return Outcome<IdsRecordDetail>.Ok(new IdsRecordDetail(View(record), lineage.Select(Summary).ToList()));
    }

    /// <summary>One Interaction Extension record, the event that produced it, and whether its recipient is in the IDS.</summary>
    public async Task<Outcome<InteractionDetail>> GetInteractionAsync(
        Caller caller, Guid customerId, string extension, string eventId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var record = await db.InteractionRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.CustomerId == customerId && r.Extension == extension && r.EventId == eventId, cancellationToken);
        if (record is null)
        {
            return Outcome<InteractionDetail>.NotFound();
        }

        var identified = await db.IdsRecords.AnyAsync(r => r.CustomerId == customerId && r.PrimaryKey == record.RecipientKey, cancellationToken);
        var producer = await db.Events.AsNoTracking()
            .SingleOrDefaultAsync(e => e.CustomerId == customerId && e.Id == record.IngestedEventId, cancellationToken);
        return Outcome<InteractionDetail>.Ok(new InteractionDetail(InteractionViewOf(record, identified), producer is null ? null : Summary(producer)));
    }

    public async Task<Outcome<Page<InteractionView>>> ListInteractionsAsync(
        Caller caller, Guid customerId, string extension, InteractionFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<Page<InteractionView>>.NotFound();
        }

        if (!TryCursor(cursor, out var after))
        {
            return Outcome<Page<InteractionView>>.Invalid("The cursor is not one this API gave out.");
        }

        var query = db.InteractionRecords.AsNoTracking().Where(r => r.CustomerId == customerId && r.Extension == extension && r.Id < after);
        if (!string.IsNullOrEmpty(filter.Recipient))
        {
            query = query.Where(r => r.RecipientKey == filter.Recipient);
        }

        if (!string.IsNullOrEmpty(filter.EventType))
        {
            query = query.Where(r => r.EventType == filter.EventType);
        }

        if (filter.From is { } from)
        {
            query = query.Where(r => r.EventTimestampUtc >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(r => r.EventTimestampUtc < to);
        }

        var take = Math.Clamp(limit, 1, MaxPageSize);
        var rows = await query.OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var recipients = rows.Select(r => r.RecipientKey).Distinct().ToList();
        var known = (await db.IdsRecords.AsNoTracking()
            .Where(r => r.CustomerId == customerId && recipients.Contains(r.PrimaryKey))
            .Select(r => r.PrimaryKey).ToListAsync(cancellationToken)).ToHashSet();
        return Outcome<Page<InteractionView>>.Ok(PageOf(rows, take, r => r.Id, r => InteractionViewOf(r, known.Contains(r.RecipientKey))));
    }

    public async Task<Outcome<Page<EventSummary>>> ListEventsAsync(
        Caller caller, Guid customerId, EventFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<Page<EventSummary>>.NotFound();
        }

        if (!TryCursor(cursor, out var after))
        {
            return Outcome<Page<EventSummary>>.Invalid("The cursor is not one this API gave out.");
        }

        var take = Math.Clamp(limit, 1, MaxPageSize);
        var rows = await Filter(db.Events.AsNoTracking(), customerId, filter).Where(e => e.Id < after)
            .OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        return Outcome<Page<EventSummary>>.Ok(PageOf(rows, take, e => e.Id, Summary));
    }

    public async Task<Outcome<EventDetail>> GetEventAsync(Caller caller, Guid customerId, long eventId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var found = await db.Events.AsNoTracking().Where(e => e.CustomerId == customerId && e.Id == eventId)
            .Select(e => new { Row = e, Envelope = db.EventEnvelopes.Where(x => x.Id == e.EnvelopeId).Select(x => x.Json).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        // Shown as its mapping saw it: with what it inherited from its batch's envelope.
        return found is null
            ? Outcome<EventDetail>.NotFound()
            : Outcome<EventDetail>.Ok(new EventDetail(Summary(found.Row), found.Row.RawPayload is { } raw ? BatchEnvelope.Apply(raw, found.Envelope) : null));
    }

    /// <summary>The event-log filter, shared by listing and replay.</summary>
    public static IQueryable<IngestedEvent> Filter(IQueryable<IngestedEvent> events, Guid customerId, EventFilter filter)
    {
        var query = events.Where(e => e.CustomerId == customerId);
        if (filter.Status is { } status)
        {
            query = query.Where(e => e.Status == status);
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            query = query.Where(e => e.Type == filter.Type);
        }

        if (!string.IsNullOrEmpty(filter.MessageId))
        {
            query = query.Where(e => e.MessageId == filter.MessageId);
        }

        if (filter.Reason is not null)
        {
            query = query.Where(e => e.Reason == filter.Reason);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.ReceivedAtUtc >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.ReceivedAtUtc < to);
        }

        return query;
    }

    public static EventSummary Summary(IngestedEvent e) =>
        new(e.Id, e.SourceId, e.MessageId, e.Type, e.EventName, e.UserId, e.ReceivedAtUtc, e.Status, e.Reason, e.ConfigurationVersion, e.ReplayedAtUtc);

    private static IdsRecordView View(IdsRecord r) =>
        new(r.PrimaryKey, r.Email, Json(r.FieldsJson), r.ConfigurationVersion, r.CreatedAtUtc, r.UpdatedAtUtc, r.LastEventAtUtc);

    private static InteractionView InteractionViewOf(InteractionRecord r, bool recipientIdentified) => new(
        r.Extension, r.EventId, r.RecipientKey, recipientIdentified, r.EventType, r.EventTimestampUtc,
        Json(r.FieldsJson), r.ConfigurationVersion, r.IngestedEventId, r.CreatedAtUtc);

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static Page<TView> PageOf<TRow, TView>(List<TRow> rows, int take, Func<TRow, long> id, Func<TRow, TView> view)
    {
        var more = rows.Count > take;
        var items = rows.Take(take).Select(view).ToList();
        return new Page<TView>(items, more ? id(rows[take - 1]).ToString(CultureInfo.InvariantCulture) : null);
    }

    private static bool TryCursor(string? cursor, out long after)
    {
        after = long.MaxValue;
        return string.IsNullOrEmpty(cursor) || (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after > 0);
    }
}
