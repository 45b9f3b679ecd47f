using System.Reflection;

namespace SelligentPortal.Core.Configuration.Examples;

/// <summary>A sample Segment event shown in the mapping editor.</summary>
/// <param name="Name">What the sample is, e.g. <c>Identify (Segment spec, complete)</c>.</param>
/// <param name="Json">The raw event.</param>
/// <param name="Note">What else tells it apart, e.g. <c>failed</c> for a received event that did not map.</param>
/// <param name="EventLogId">For a customer's recent event: its line in the event log.</param>
public sealed record SampleEvent(string Name, string Json, string? Note = null, long? EventLogId = null);

/// <summary>
/// Where the mapping editor gets the events it builds its path tree from and previews on. The
/// built-in examples now; a customer's recent events once ingestion stores them.
/// </summary>
public interface ISampleEventSource
{
    /// <summary>The samples for a customer, most useful first.</summary>
    Task<IReadOnlyList<SampleEvent>> GetSamplesAsync(Guid customerId, CancellationToken cancellationToken = default);
}

/// <summary>Real Segment payloads embedded in this assembly (see Configuration/Examples/README.md for their sources).</summary>
public sealed class SegmentExamples : ISampleEventSource
{
    private static readonly (string File, string Name)[] Files =
    [
        ("01-spec-identify-complete-with-address.json", "Identify: Segment spec, complete with address"),
        ("10-partners-delivered-identify.json", "Identify: as delivered to partners"),
        ("34-trait-enrichment-identify-toplevel-email.json", "Identify: top-level email (trait enrichment)"),
        ("03-spec-track-complete.json", "Track: Segment spec, complete"),
        ("04-spec-track-context-traits-button-clicked.json", "Track: Button Clicked with context.traits"),
        ("11-partners-delivered-track.json", "Track: as delivered to partners"),
        ("18-http-api-track-revenue.json", "Track: HTTP API with revenue"),
        ("35-trait-enrichment-track.json", "Track: trait enrichment test"),
    ];

    private static readonly Lazy<IReadOnlyList<SampleEvent>> Loaded = new(Load);

    /// <summary>The shared instance.</summary>
    public static SegmentExamples Instance { get; } = new();

    /// <summary>Every built-in example, identifies first.</summary>
    public static IReadOnlyList<SampleEvent> All => Loaded.Value;

    /// <inheritdoc />
    public Task<IReadOnlyList<SampleEvent>> GetSamplesAsync(Guid customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(All);

    private static IReadOnlyList<SampleEvent> Load()
    {
        var assembly = typeof(SegmentExamples).Assembly;
        return Files.Select(f => new SampleEvent(f.Name, Read(assembly, f.File))).ToList();
    }

    private static string Read(Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream("SelligentPortal.Core.Configuration.Examples." + file)
            ?? throw new InvalidOperationException($"The embedded example {file} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
