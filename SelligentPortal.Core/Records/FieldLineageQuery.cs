using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>Which event, mapped with which configuration version, wrote a field of an IDS record (null: not known any more).</summary>
public sealed record FieldWriter(string Field, EventSummary? Event);

/// <summary>
/// Lineage per field of an IDS record. A record's version is that of the last event applied, but an event
/// older than the record's last one only fills empty fields, and earlier events set fields later ones
/// leave out: so each field is traced to the newest applied identify whose mapping (with the version it
/// was applied with) gives exactly the stored value. Events whose payload was purged cannot be traced.
/// </summary>
public sealed class FieldLineageQuery(PortalDbFactory dbFactory, ConfigurationService configurations)
{
    public async Task<IReadOnlyList<FieldWriter>> GetAsync(Caller caller, Guid customerId, IdsRecordDetail detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var stored = detail.Record.Fields.ValueKind == JsonValueKind.Object
            ? detail.Record.Fields.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal)
            : [];
        var writers = new Dictionary<string, EventSummary>(StringComparer.Ordinal);
        var applied = detail.Events.Where(e => e.Status == EventStatus.Applied && e.Type == "identify" && e.ConfigurationVersion is not null)
            .OrderByDescending(e => e.Id).ToList();
        var ids = applied.Select(e => e.Id).ToList();
        await using var db = dbFactory.Create(caller.Scope);
        var payloads = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && ids.Contains(e.Id) && e.RawPayload != null)
            .ToDictionaryAsync(e => e.Id, e => e.RawPayload!, cancellationToken);
        var compiled = new Dictionary<int, (int, CompiledConfiguration)?>();
        foreach (var e in applied)
        {
            if (writers.Count == stored.Count)
            {
                break;
            }

            if (!payloads.TryGetValue(e.Id, out var payload))
            {
                continue;
            }

            var version = e.ConfigurationVersion!.Value;
            if (!compiled.TryGetValue(version, out var configuration))
            {
                var outcome = await configurations.GetCompiledAsync(caller, customerId, version, cancellationToken);
                compiled[version] = configuration = outcome.IsOk ? outcome.Value : null;
            }

            if (configuration is null)
            {
                continue;
            }

            var prepared = EventPreparation.Prepare(IncomingEvent.Stored(e.MessageId, e.Type, e.EventName, e.UserId, payload), configuration, e.ReceivedAt);
            if (prepared.IdsRecord is not { } record || record.PrimaryKey != detail.Record.PrimaryKey)
            {
                continue;
            }

            foreach (var (field, value) in record.Fields)
            {
                if (!writers.ContainsKey(field) && stored.TryGetValue(field, out var current) && current == value)
                {
                    writers[field] = e;
                }
            }
        }

        return stored.Keys.Select(field => new FieldWriter(field, writers.GetValueOrDefault(field))).ToList();
    }
}
