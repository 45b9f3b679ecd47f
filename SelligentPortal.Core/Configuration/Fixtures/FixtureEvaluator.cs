using System.Text;
using System.Text.Json;
using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Core.Configuration.Fixtures;

/// <summary>One fixture checked against a configuration: what it expects, what it got, and how they differ.</summary>
public sealed record FixtureResult(
    Guid Id, string Name, EventOutcome Expected, EventOutcome Actual, IReadOnlyList<OutcomeDifference> Differences)
{
    public bool Passed => Differences.Count == 0;
}

/// <summary>Every fixture of a customer checked against one configuration.</summary>
public sealed record FixtureRunSummary(IReadOnlyList<FixtureResult> Results)
{
    public static FixtureRunSummary None { get; } = new([]);

    public int Total => Results.Count;

    public int Passed => Results.Count(r => r.Passed);

    public int Failed => Total - Passed;

    public IEnumerable<FixtureResult> Failures => Results.Where(r => !r.Passed);

    /// <summary>"3 of 4 fixtures pass", for headers and audit lines.</summary>
    public string Describe() => Total == 1 ? (Passed == 1 ? "the fixture passes" : "the fixture fails") : $"{Passed} of {Total} fixtures pass";

    /// <summary>Why publishing is refused, naming the failing fixtures and their first differences; null when all pass.</summary>
    public string? Refusal()
    {
        if (Failed == 0)
        {
            return null;
        }

        var failures = Failures.Take(3).Select(f => $"'{f.Name}' ({RegressionFixtureService.DescribeDifference(f.Differences[0])}"
            + (f.Differences.Count > 1 ? $" and {f.Differences.Count - 1} more" : "") + ")");
        return $"Publishing is blocked: {Failed} of {Total} regression fixtures fail: {string.Join("; ", failures)}"
            + (Failed > 3 ? $"; and {Failed - 3} more" : "")
            + ". Fix the draft, or accept the new outcomes on the fixtures.";
    }

    /// <summary>What a publish request keeps of the run: each fixture's name and verdict, as JSON.</summary>
    public string ToSnapshotJson() => System.Text.Json.JsonSerializer.Serialize(
        new FixtureSnapshot(Total, Passed, Results.Select(r => new FixtureSnapshot.Entry(r.Name, r.Passed)).ToList()), FixtureSnapshot.Json);
}

/// <summary>The fixtures' verdict as a publish request recorded it.</summary>
public sealed record FixtureSnapshot(int Total, int Passed, IReadOnlyList<FixtureSnapshot.Entry> Fixtures)
{
    internal static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public sealed record Entry(string Name, bool Passed);

    /// <summary>A snapshot read back from <see cref="FixtureRunSummary.ToSnapshotJson"/>; null when the text is not one.</summary>
    public static FixtureSnapshot? FromJson(string? json)
    {
        try
        {
            return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<FixtureSnapshot>(json, Json) is { Fixtures: not null } snapshot ? snapshot : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Maps fixture events the way ingestion does (<see cref="EventPreparation.Prepare(IncomingEvent, ValueTuple{int, CompiledConfiguration}?, DateTime)"/>)
/// and compares the outcome with the expectation. Pure: no I/O, no clock.
/// </summary>
public static class FixtureEvaluator
{
    /// <summary>What <paramref name="eventJson"/> becomes under <paramref name="compiled"/>, received at <paramref name="receivedAtUtc"/>.</summary>
    public static EventOutcome Evaluate(string eventJson, DateTime receivedAtUtc, CompiledConfiguration compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        var prepared = EventPreparation.Prepare(Incoming(eventJson), (0, compiled), receivedAtUtc);
        return EventOutcome.From(prepared, compiled.Document.InternalDataSource.Name);
    }

    public static FixtureResult Check(RegressionFixture fixture, CompiledConfiguration compiled)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return Check(fixture.Id, fixture.Name, fixture.EventJson, fixture.ReceivedAtUtc, EventOutcome.FromJson(fixture.ExpectedJson), compiled);
    }

    public static FixtureResult Check(FixtureView fixture, CompiledConfiguration compiled)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return Check(fixture.Id, fixture.Name, fixture.EventJson, fixture.ReceivedAtUtc, fixture.Expected, compiled);
    }

    public static FixtureRunSummary Run(IEnumerable<RegressionFixture> fixtures, CompiledConfiguration compiled) =>
        new(fixtures.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f => Check(f, compiled)).ToList());

    public static FixtureRunSummary Run(IEnumerable<FixtureView> fixtures, CompiledConfiguration compiled) =>
        new(fixtures.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f => Check(f, compiled)).ToList());

    /// <summary>An expectation that does not read back (edited by hand in the database) fails visibly.</summary>
    internal static EventOutcome Unreadable { get; } = new("unreadable", "The stored expectation is not an outcome.", null, []);

    private static FixtureResult Check(Guid id, string name, string eventJson, DateTime receivedAtUtc, EventOutcome? expected, CompiledConfiguration compiled)
    {
        var actual = Evaluate(eventJson, receivedAtUtc, compiled);
        expected ??= Unreadable;
        return new FixtureResult(id, name, expected, actual, OutcomeComparison.Compare(expected, actual));
    }

    /// <summary>The event as ingestion reads it back from the event log; its ids come from its own JSON.</summary>
    private static IncomingEvent Incoming(string eventJson)
    {
        string? type = null, name = null, userId = null, messageId = null;
        try
        {
            using var document = JsonDocument.Parse(eventJson);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                type = Text(root, "type");
                name = Text(root, "event");
                userId = Text(root, "userId") ?? Text(root, "anonymousId");
                messageId = Text(root, "messageId");
            }
        }
        catch (JsonException)
        {
            // Prepare reports it as the event's failure.
        }

        return new IncomingEvent(messageId ?? "fixture", type, name, userId, Encoding.UTF8.GetBytes(eventJson), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
