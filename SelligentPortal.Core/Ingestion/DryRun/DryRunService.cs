using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Ingestion.DryRun;

/// <summary>How a draft would fare on real events: counts, and failures grouped by reason with examples.</summary>
public sealed record DryRunResult(int Events, int Applied, int Failed, int Skipped, IReadOnlyList<DryRunFailure> Failures);

/// <summary>One failure reason, how often, and a few of the events it hit.</summary>
public sealed record DryRunFailure(string Reason, int Count, IReadOnlyList<string> ExampleMessageIds);

/// <summary>
/// Runs a configuration (usually the draft) over a customer's last stored events without storing
/// anything, so a Relationship Manager sees what would fail, and why, before publishing.
/// </summary>
public sealed class DryRunService(PortalDbFactory dbFactory)
{
    public const int MaxEvents = 10_000;
    private const int ExamplesPerReason = 5;

    public async Task<Outcome<DryRunResult>> RunAsync(
        Caller caller, Guid customerId, ConfigurationDocument document, int lastEvents, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<DryRunResult>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<DryRunResult>.Forbidden("Only Admins and Relationship Managers run a dry run.");
        }

        var problems = ConfigurationValidator.Validate(document);
        if (problems.Count > 0)
        {
            return Outcome<DryRunResult>.InvalidAt(problems.Select(p => (p.Path, p.Message)));
        }

        var compiled = MappingCompiler.Compile(document);
        var take = Math.Clamp(lastEvents, 1, MaxEvents);
        var events = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.RawPayload != null)
            .OrderByDescending(e => e.Id).Take(take)
            .Select(e => new
            {
                e.MessageId, e.Type, e.EventName, e.UserId, e.RawPayload, e.ReceivedAtUtc,
                Envelope = db.EventEnvelopes.Where(x => x.Id == e.EnvelopeId).Select(x => x.Json).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        int applied = 0, failed = 0, skipped = 0;
        var failures = new Dictionary<string, (int Count, List<string> Examples)>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var e = events[i];
            var prepared = EventPreparation.Prepare(IncomingEvent.Stored(e.MessageId, e.Type, e.EventName, e.UserId, e.RawPayload!, e.Envelope), (0, compiled), e.ReceivedAtUtc);
            switch (prepared.Status)
            {
                case EventStatus.Applied or EventStatus.Deleted:
                    applied++;
                    break;
                case EventStatus.Skipped:
                    skipped++;
                    break;
                default:
                    failed++;
                    var reason = prepared.Reason ?? "unknown";
                    var entry = failures.GetValueOrDefault(reason, (0, []));
                    if (entry.Examples.Count < ExamplesPerReason)
                    {
                        entry.Examples.Add(e.MessageId);
                    }

                    failures[reason] = (entry.Count + 1, entry.Examples);
                    break;
            }

            if (i % 200 == 0)
            {
                progress?.Report((double)(i + 1) / events.Count);
                // Lets a UI show the progress and a cancel take effect on long runs.
                await Task.Yield();
            }
        }

        progress?.Report(1);
        var grouped = failures.Select(f => new DryRunFailure(f.Key, f.Value.Count, f.Value.Examples)).OrderByDescending(f => f.Count).ToList();
        return Outcome<DryRunResult>.Ok(new DryRunResult(events.Count, applied, failed, skipped, grouped));
    }
}
