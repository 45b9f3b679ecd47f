using System.Globalization;
using System.Text.Json;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>The working copy run on one sample event: the engine's outcome and every mapped field's value or reason.</summary>
public sealed class SamplePreview
{
    private SamplePreview(MappingResult? result, IReadOnlyList<FieldPreview> fields, string? inputError)
    {
        Result = result;
        Fields = fields;
        InputError = inputError;
    }

    /// <summary>Nothing to show: no sample, or the working copy does not validate.</summary>
    public static SamplePreview None { get; } = new(null, [], null);

    public MappingResult? Result { get; }

    public IReadOnlyList<FieldPreview> Fields { get; }

    /// <summary>Why the sample could not be read (invalid JSON, with line and column), or null.</summary>
    public string? InputError { get; }

    public static SamplePreview Run(CompiledConfiguration compiled, string? json, DateTime receivedAtUtc)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return new SamplePreview(compiled.Map(document.RootElement, receivedAtUtc), compiled.Preview(document.RootElement, receivedAtUtc), null);
        }
        catch (JsonException ex)
        {
            return new SamplePreview(null, [], Describe(ex));
        }
    }

    /// <summary>Whether the event goes to a table (an identify to the IDS, a track to the extensions that take it).</summary>
    public bool Reaches(string table) => Result?.Records.Any(r => r.Table == table) == true || Fields.Any(f => f.Table == table);

    public FieldPreview? For(string table, string field) => Fields.FirstOrDefault(f => f.Table == table && f.Field == field);

    /// <summary>A parser error as a short sentence with its line and column (1-based), without the parser's internals.</summary>
    public static string Describe(JsonException ex)
    {
        var reason = ex.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        reason = (cut > 0 ? reason[..cut] : reason).Trim().TrimEnd('.');
        if (ex.LineNumber is not { } line)
        {
            return $"This is not valid JSON: {reason}.";
        }

        return string.Create(CultureInfo.InvariantCulture, $"This is not valid JSON: line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: {reason}.");
    }
}
