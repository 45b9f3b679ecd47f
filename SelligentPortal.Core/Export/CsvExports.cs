using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Export;

/// <summary>A CSV file to stream: its name, header and rows (read lazily, in keyset batches).</summary>
public sealed record CsvTable(string FileName, IReadOnlyList<string> Header, IAsyncEnumerable<string?[]> Rows);

/// <summary>
/// Records and events as CSV, within the caller's scope (another customer's export is NotFound).
/// Rows are read in batches (records in the grid's order, events newest first), each batch a short query of its
/// own: nothing is buffered beyond a batch, and no read transaction stays open for the whole download.
/// </summary>
public sealed class CsvExports(PortalDbFactory dbFactory, CustomerService customers, ConfigurationService configurations, RecordQueries records, TimeProvider clock)
{
    public const int BatchSize = 1000;

    private static readonly string[] EventColumns =
        ["id", "received_at", "type", "event_name", "user_id", "message_id", "status", "reason", "configuration_version"];

    /// <summary>
    /// The IDS records the grid shows for the same filter, in the same order: the export pages through
    /// <see cref="RecordQueries.ListIdsAsync"/>.
    /// </summary>
    public async Task<Outcome<CsvTable>> IdsAsync(Caller caller, Guid customerId, IdsFilter filter, CancellationToken cancellationToken = default)
    {
        var customer = (await customers.FindAsync(caller, customerId, cancellationToken))?.Name;
        if (customer is null)
        {
            return Outcome<CsvTable>.NotFound();
        }

        var schema = await PublishedAsync(caller, customerId, cancellationToken);
        var fields = (schema?.InternalDataSource.Fields ?? []).Where(f => f.Role is not (FieldRole.PrimaryKey or FieldRole.Email)).Select(f => f.Name).ToList();
        string[] header = ["key", "email", .. fields, "configuration_version", "created_at", "updated_at", "last_event_at"];
        return Outcome<CsvTable>.Ok(new CsvTable(FileName(customer, "ids"), header, IdsRows(caller, customerId, filter, fields, cancellationToken)));
    }

    private async IAsyncEnumerable<string?[]> IdsRows(
        Caller caller, Guid customerId, IdsFilter filter, List<string> fields, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await records.ListIdsAsync(caller, customerId, filter, cursor, RecordQueries.MaxPageSize, cancellationToken);
            if (!page.IsOk)
            {
                yield break;
            }

            foreach (var r in page.Value!.Items)
            {
                yield return [r.PrimaryKey, r.Email, .. fields.Select(name => r.Fields.TryGetProperty(name, out var value) ? Text(value) : null),
                    Number(r.ConfigurationVersion), Time(r.CreatedAt), Time(r.UpdatedAt), Time(r.LastEventAt)];
            }

            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
    }

    public async Task<Outcome<CsvTable>> InteractionsAsync(
        Caller caller, Guid customerId, string extension, InteractionFilter filter, CancellationToken cancellationToken = default)
    {
        var customer = (await customers.FindAsync(caller, customerId, cancellationToken))?.Name;
        var definition = customer is null ? null
            : (await PublishedAsync(caller, customerId, cancellationToken))?.InteractionExtensions.FirstOrDefault(x => x.Name == extension);
        if (definition is null)
        {
            return Outcome<CsvTable>.NotFound();
        }

        var fields = definition.Fields.Where(f => f.Role is null).Select(f => f.Name).ToList();
        string[] header = ["event_id", "recipient_key", "event_type", "event_timestamp", .. fields, "configuration_version", "event_log_id", "created_at"];
        var rows = Keyset(caller, (db, after) => FilterInteractions(db.InteractionRecords.AsNoTracking(), customerId, extension, filter).Where(r => r.Id < after), r => r.Id,
            r => RowOf([r.EventId, r.RecipientKey, r.EventType, Time(r.EventTimestampUtc)], r.FieldsJson, fields,
                [Number(r.ConfigurationVersion), Number(r.IngestedEventId), Time(r.CreatedAtUtc)]),
            cancellationToken);
        return Outcome<CsvTable>.Ok(new CsvTable(FileName(customer!, extension.ToLowerInvariant()), header, rows));
    }

    public async Task<Outcome<CsvTable>> EventsAsync(Caller caller, Guid customerId, EventFilter filter, CancellationToken cancellationToken = default)
    {
        var customer = (await customers.FindAsync(caller, customerId, cancellationToken))?.Name;
        if (customer is null)
        {
            return Outcome<CsvTable>.NotFound();
        }

        var rows = Keyset(caller, (db, after) => RecordQueries.Filter(db.Events.AsNoTracking(), customerId, filter).Where(e => e.Id < after), e => e.Id,
            e => new[]
            {
                Number(e.Id), Time(e.ReceivedAtUtc), e.Type, e.EventName, e.UserId, e.MessageId, EventStatusNames.Name(e.Status), e.Reason,
                e.ConfigurationVersion is { } version ? Number(version) : null,
            },
            cancellationToken);
        return Outcome<CsvTable>.Ok(new CsvTable(FileName(customer, "events"), EventColumns, rows));
    }

    private static IQueryable<InteractionRecord> FilterInteractions(IQueryable<InteractionRecord> records, Guid customerId, string extension, InteractionFilter filter)
    {
        var query = records.Where(r => r.CustomerId == customerId && r.Extension == extension);
        if (Term(filter.Recipient) is { } recipient)
        {
            query = query.Where(r => r.RecipientKey == recipient);
        }

        if (Term(filter.EventType) is { } eventType)
        {
            query = query.Where(r => r.EventType == eventType);
        }

        if (filter.From is { } from)
        {
            query = query.Where(r => r.EventTimestampUtc >= from);
        }

        return filter.To is { } to ? query.Where(r => r.EventTimestampUtc < to) : query;
    }

    /// <summary>Newest first, a batch at a time, each batch in a context of the caller's scope.</summary>
    private async IAsyncEnumerable<string?[]> Keyset<TRow>(
        Caller caller, Func<PortalDbContext, long, IQueryable<TRow>> query, Func<TRow, long> id, Func<TRow, string?[]> row,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = long.MaxValue;
        while (true)
        {
            // Read the batch whole and close the context before writing: a slow download must not hold a
            // read transaction (and with it the write-ahead log) open.
            List<TRow> batch;
            await using (var db = dbFactory.Create(caller.Scope))
            {
                batch = await query(db, after).OrderByDescending(r => EF.Property<long>(r!, "Id")).Take(BatchSize).ToListAsync(cancellationToken);
            }

            foreach (var item in batch)
            {
                after = id(item);
                yield return row(item);
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }
        }
    }

    private async Task<ConfigurationDocument?> PublishedAsync(Caller caller, Guid customerId, CancellationToken cancellationToken)
    {
        var latest = await configurations.GetCompiledAsync(caller, customerId, null, cancellationToken);
        return latest.IsOk ? latest.Value.Compiled.Document : null;
    }

    private static string?[] RowOf(string?[] first, string fieldsJson, List<string> fields, string?[] last)
    {
        using var document = JsonDocument.Parse(fieldsJson);
        var values = fields.Select(name => document.RootElement.TryGetProperty(name, out var value) ? Text(value) : null);
        return [.. first, .. values, .. last];
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    private static string? Term(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>e.g. <c>acme-retail-events-20261203-1000.csv</c>: ASCII only, so every browser keeps it.</summary>
    private string FileName(string customer, string what)
    {
        var slug = new string(customer.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return $"{(slug.Length == 0 ? "customer" : slug)}-{what}-{stamp}.csv";
    }
}
