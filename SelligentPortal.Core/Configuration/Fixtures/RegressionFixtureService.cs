using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Fixtures;

/// <summary>
/// A customer's regression fixtures: saved from real or pasted events, rerun against drafts, accepted
/// when a change of outcome is intended. Staff only, within the caller's scope.
/// </summary>
public sealed class RegressionFixtureService(PortalDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>Enough for every event type and edge a customer relies on, few enough to rerun on every keystroke.</summary>
    public const int MaxPerCustomer = 200;

    /// <summary>Segment's own limit for one event.</summary>
    public const int MaxEventBytes = 32 * 1024;

    public async Task<Outcome<IReadOnlyList<FixtureView>>> ListAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var denied = await DenyAsync<IReadOnlyList<FixtureView>>(db, caller, customerId, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var fixtures = await db.RegressionFixtures.AsNoTracking().Where(f => f.CustomerId == customerId).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<FixtureView>>.Ok(fixtures.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(View).ToList());
    }

    public async Task<Outcome<FixtureView>> GetAsync(Caller caller, Guid customerId, Guid fixtureId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var denied = await DenyAsync<FixtureView>(db, caller, customerId, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var fixture = await db.RegressionFixtures.AsNoTracking().SingleOrDefaultAsync(f => f.CustomerId == customerId && f.Id == fixtureId, cancellationToken);
        return fixture is null ? Outcome<FixtureView>.NotFound() : Outcome<FixtureView>.Ok(View(fixture));
    }

    /// <summary>
    /// Checks every fixture against <paramref name="document"/> (the editor's working copy), or against
    /// the saved draft when it is null.
    /// </summary>
    public async Task<Outcome<FixtureRunSummary>> RunAsync(
        Caller caller, Guid customerId, ConfigurationDocument? document = null, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var denied = await DenyAsync<FixtureRunSummary>(db, caller, customerId, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        document ??= await DraftAsync(db, customerId, cancellationToken);
        if (document is null || ConfigurationValidator.Validate(document) is { Count: > 0 })
        {
            return Outcome<FixtureRunSummary>.Invalid("The draft has problems to fix before its fixtures can run.");
        }

        var fixtures = await db.RegressionFixtures.AsNoTracking().Where(f => f.CustomerId == customerId).ToListAsync(cancellationToken);
        return Outcome<FixtureRunSummary>.Ok(FixtureEvaluator.Run(fixtures, MappingCompiler.Compile(document)));
    }

    public async Task<Outcome<FixtureView>> CreateAsync(Caller caller, Guid customerId, NewFixture request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = dbFactory.Create(caller.Scope);
        var denied = await DenyAsync<FixtureView>(db, caller, customerId, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var name = request.Name?.Trim() ?? "";
        if (NameProblem(name) is { } problem)
        {
            return Outcome<FixtureView>.Invalid(problem);
        }

        if (request.Origin is { } origin && !FixtureOrigins.All.Contains(origin))
        {
            return Outcome<FixtureView>.Invalid($"Unknown origin '{origin}'; expected one of {string.Join(", ", FixtureOrigins.All)}.");
        }

        var source = await EventOfAsync(db, customerId, request, cancellationToken);
        if (!source.IsOk)
        {
            return source.As<FixtureView>();
        }

        var (eventJson, receivedAtUtc) = source.Value;
        var expected = request.Expected;
        if (expected is null)
        {
            var compiled = await ExpectationConfigurationAsync(db, customerId, cancellationToken);
            if (compiled is null)
            {
                return Outcome<FixtureView>.Invalid("Nothing is published and the draft has problems: fix the draft, or give the expected outcome.");
            }

            expected = FixtureEvaluator.Evaluate(eventJson, receivedAtUtc, compiled);
        }

        if (await db.RegressionFixtures.CountAsync(f => f.CustomerId == customerId, cancellationToken) >= MaxPerCustomer)
        {
            return Outcome<FixtureView>.Invalid($"A customer has at most {MaxPerCustomer} fixtures; delete one first.");
        }

        if (await db.RegressionFixtures.AnyAsync(f => f.CustomerId == customerId && f.Name == name, cancellationToken))
        {
            return Outcome<FixtureView>.Conflict($"A fixture named '{name}' exists already; choose another name.");
        }

        var now = UtcTime.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        var fixture = new RegressionFixture
        {
            CustomerId = customerId,
            Name = name,
            EventJson = eventJson,
            ReceivedAtUtc = receivedAtUtc,
            ExpectedJson = expected.ToJson(),
            Origin = request.Origin ?? (request.EventLogId is null ? FixtureOrigins.Pasted : FixtureOrigins.EventLog),
            CreatedBy = caller.Name,
            CreatedAtUtc = now,
            UpdatedBy = caller.Name,
            UpdatedAtUtc = now,
        };
        db.RegressionFixtures.Add(fixture);
        AuditLog.Record(db, caller.Actor, clock, "fixture.saved", $"fixture '{name}'", customerId,
            after: new { fixture.Name, fixture.Origin, Expected = expected.Describe() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Outcome<FixtureView>.Conflict($"A fixture named '{name}' was saved at the same moment; choose another name.");
        }

        return Outcome<FixtureView>.Ok(View(fixture));
    }

    public async Task<Outcome<FixtureView>> RenameAsync(Caller caller, Guid customerId, Guid fixtureId, string newName, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var found = await FindAsync(db, caller, customerId, fixtureId, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<FixtureView>();
        }

        var fixture = found.Value!;
        var name = newName?.Trim() ?? "";
        if (NameProblem(name) is { } problem)
        {
            return Outcome<FixtureView>.Invalid(problem);
        }

        if (name != fixture.Name)
        {
            if (await db.RegressionFixtures.AnyAsync(f => f.CustomerId == customerId && f.Name == name, cancellationToken))
            {
                return Outcome<FixtureView>.Conflict($"A fixture named '{name}' exists already; choose another name.");
            }

            AuditLog.Record(db, caller.Actor, clock, "fixture.renamed", $"fixture '{name}'", customerId, new { fixture.Name }, new { Name = name });
            fixture.Name = name;
            Touch(fixture, caller);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<FixtureView>.Ok(View(fixture));
    }

    /// <summary>
    /// Makes what <paramref name="document"/> (the saved draft when null) does with the fixture's event its
    /// new expectation; the audit line keeps the differences accepted.
    /// </summary>
    public async Task<Outcome<FixtureResult>> AcceptAsync(
        Caller caller, Guid customerId, Guid fixtureId, ConfigurationDocument? document = null, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var found = await FindAsync(db, caller, customerId, fixtureId, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<FixtureResult>();
        }

        var fixture = found.Value!;
        document ??= await DraftAsync(db, customerId, cancellationToken);
        if (document is null || ConfigurationValidator.Validate(document) is { Count: > 0 })
        {
            return Outcome<FixtureResult>.Invalid("The draft has problems: fix them before accepting an outcome from it.");
        }

        var result = FixtureEvaluator.Check(fixture, MappingCompiler.Compile(document));
        if (!result.Passed)
        {
            AuditLog.Record(db, caller.Actor, clock, "fixture.accepted", $"fixture '{fixture.Name}'", customerId,
                new { Expected = result.Expected.Describe() },
                new { Expected = result.Actual.Describe(), Differences = result.Differences.Select(DescribeDifference).ToList() });
            fixture.ExpectedJson = result.Actual.ToJson();
            Touch(fixture, caller);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<FixtureResult>.Ok(result with { Expected = result.Actual, Differences = [] });
    }

    public async Task<Outcome<bool>> DeleteAsync(Caller caller, Guid customerId, Guid fixtureId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var found = await FindAsync(db, caller, customerId, fixtureId, cancellationToken);
        if (!found.IsOk)
        {
            return found.As<bool>();
        }

        db.RegressionFixtures.Remove(found.Value!);
        AuditLog.Record(db, caller.Actor, clock, "fixture.deleted", $"fixture '{found.Value!.Name}'", customerId, before: new { found.Value.Name });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Adds or replaces (by name) every fixture of an imported file, all or none: a file with one bad
    /// fixture changes nothing.
    /// </summary>
    public async Task<Outcome<int>> ImportAsync(Caller caller, Guid customerId, IReadOnlyList<FixtureFileEntry> entries, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var denied = await DenyAsync<int>(db, caller, customerId, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var existing = await db.RegressionFixtures.Where(f => f.CustomerId == customerId).ToDictionaryAsync(f => f.Name, cancellationToken);
        var added = entries.Count(e => !existing.ContainsKey(e.Name));
        if (existing.Count + added > MaxPerCustomer)
        {
            return Outcome<int>.Invalid($"A customer has at most {MaxPerCustomer} fixtures; the import would make {existing.Count + added}.");
        }

        var now = UtcTime.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        foreach (var entry in entries)
        {
            if (!existing.TryGetValue(entry.Name, out var fixture))
            {
                fixture = new RegressionFixture
                {
                    CustomerId = customerId, Name = entry.Name, EventJson = "", ExpectedJson = "", Origin = FixtureOrigins.Imported,
                    CreatedBy = caller.Name, CreatedAtUtc = now, UpdatedBy = caller.Name,
                };
                db.RegressionFixtures.Add(fixture);
            }

            fixture.EventJson = entry.EventJson;
            fixture.ReceivedAtUtc = entry.ReceivedAtUtc;
            fixture.ExpectedJson = entry.Expected.ToJson();
            fixture.UpdatedBy = caller.Name;
            fixture.UpdatedAtUtc = now;
        }

        if (entries.Count > 0)
        {
            AuditLog.Record(db, caller.Actor, clock, "fixture.imported", entries.Count == 1 ? "1 fixture" : $"{entries.Count} fixtures", customerId,
                after: new { Names = entries.Select(e => e.Name).ToList() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<int>.Ok(entries.Count);
    }

    /// <summary>One difference in words, for audit lines and the publish refusal.</summary>
    public static string DescribeDifference(OutcomeDifference difference) => difference.What switch
    {
        "field" => $"{difference.Table}.{difference.Field}: {difference.Expected ?? "absent"} → {difference.Actual ?? "absent"}",
        "record" => $"{difference.Expected ?? "no record"} → {difference.Actual ?? "no record"}",
        "key" => $"{difference.Table} key: {difference.Expected} → {difference.Actual}",
        _ => $"{difference.What}: {difference.Expected ?? "none"} → {difference.Actual ?? "none"}",
    };

    internal static string? NameProblem(string name) =>
        name.Length == 0 ? "A fixture needs a name."
        : name.Length > RegressionFixture.NameMaxLength ? $"A fixture's name has at most {RegressionFixture.NameMaxLength} characters."
        : name.Contains('\0', StringComparison.Ordinal) ? "A fixture's name cannot contain NUL."
        : null;

    /// <summary>A fixture's event: an object of at most <see cref="MaxEventBytes"/> with a type; null when it is one.</summary>
    internal static string? EventProblem(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxEventBytes)
        {
            return $"A fixture's event has at most {MaxEventBytes / 1024} KB, as in Segment.";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object ? "A fixture's event is a JSON object."
                : !document.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                    ? "A fixture's event needs a \"type\" (identify, track, …)."
                : null;
        }
        catch (JsonException e)
        {
            return $"A fixture's event is not valid JSON: {e.Message}";
        }
    }

    private async Task<Outcome<(string Json, DateTime ReceivedAtUtc)>> EventOfAsync(
        PortalDbContext db, Guid customerId, NewFixture request, CancellationToken cancellationToken)
    {
        if ((request.EventJson is null) == (request.EventLogId is null))
        {
            return Outcome<(string, DateTime)>.Invalid("Give either the event's JSON or the id of an event in the event log.");
        }

        if (request.EventJson is { } pasted)
        {
            var problem = EventProblem(pasted);
            return problem is null
                ? Outcome<(string, DateTime)>.Ok((pasted, UtcTime.ToMicroseconds(request.ReceivedAtUtc ?? clock.GetUtcNow().UtcDateTime)))
                : Outcome<(string, DateTime)>.Invalid(problem);
        }

        var logged = await db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Id == request.EventLogId)
            .Select(e => new { e.Type, e.RawPayload, e.ReceivedAtUtc, Envelope = db.EventEnvelopes.Where(x => x.Id == e.EnvelopeId).Select(x => x.Json).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        if (logged is null)
        {
            return Outcome<(string, DateTime)>.NotFound();
        }

        if (logged.RawPayload is null)
        {
            return Outcome<(string, DateTime)>.Invalid("The event's payload is no longer kept (past the retention period); paste the event instead.");
        }

        var json = WithType(BatchEnvelope.Apply(logged.RawPayload, logged.Envelope), logged.Type);
        var eventProblem = EventProblem(json);
        return eventProblem is null ? Outcome<(string, DateTime)>.Ok((json, logged.ReceivedAtUtc)) : Outcome<(string, DateTime)>.Invalid(eventProblem);
    }

    /// <summary>An event sent to <c>/v1/track</c> may lack its type; the fixture keeps it, so it maps alike anywhere.</summary>
    private static string WithType(string json, string? type)
    {
        if (type is null || JsonNode.Parse(json) is not JsonObject item || item.ContainsKey("type"))
        {
            return json;
        }

        item["type"] = type;
        return item.ToJsonString();
    }

    /// <summary>What a new fixture expects by default: the live version's outcome, else the saved draft's.</summary>
    private static async Task<CompiledConfiguration?> ExpectationConfigurationAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        var live = await db.ConfigurationVersions.AsNoTracking().Where(v => v.CustomerId == customerId)
            .OrderByDescending(v => v.Number).Select(v => v.DocumentJson).FirstOrDefaultAsync(cancellationToken);
        var document = live is not null ? ConfigurationDocumentSerializer.Parse(live).Document : await DraftAsync(db, customerId, cancellationToken);
        return document is not null && ConfigurationValidator.Validate(document).Count == 0 ? MappingCompiler.Compile(document) : null;
    }

    private static async Task<ConfigurationDocument?> DraftAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        var json = await db.ConfigurationDrafts.AsNoTracking().Where(d => d.CustomerId == customerId).Select(d => d.DocumentJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : ConfigurationDocumentSerializer.Parse(json).Document;
    }

    private static async Task<Outcome<T>?> DenyAsync<T>(PortalDbContext db, Caller caller, Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<T>.NotFound();
        }

        return caller.IsStaff ? null : Outcome<T>.Forbidden("Only Admins and Relationship Managers see and change regression fixtures.");
    }

    private static async Task<Outcome<RegressionFixture>> FindAsync(
        PortalDbContext db, Caller caller, Guid customerId, Guid fixtureId, CancellationToken cancellationToken)
    {
        var denied = await DenyAsync<RegressionFixture>(db, caller, customerId, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var fixture = await db.RegressionFixtures.SingleOrDefaultAsync(f => f.CustomerId == customerId && f.Id == fixtureId, cancellationToken);
        return fixture is null ? Outcome<RegressionFixture>.NotFound() : Outcome<RegressionFixture>.Ok(fixture);
    }

    private void Touch(RegressionFixture fixture, Caller caller)
    {
        fixture.UpdatedBy = caller.Name;
        fixture.UpdatedAtUtc = UtcTime.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
    }

    private static FixtureView View(RegressionFixture f) => new(
        f.Id, f.Name, f.Origin, f.EventJson, f.ReceivedAtUtc,
        EventOutcome.FromJson(f.ExpectedJson) ?? FixtureEvaluator.Unreadable,
        f.CreatedBy, f.CreatedAtUtc, f.UpdatedBy, f.UpdatedAtUtc);
}
