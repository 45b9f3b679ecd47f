using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>What became of an event.</summary>
public enum MappingOutcome
{
    /// <summary>Every target table produced a record.</summary>
    Mapped,

    /// <summary>Nothing to do: a Page, Screen, Group, Alias or Delete call, or a Track no extension takes.</summary>
    Skipped,

    /// <summary>Bad input or a failed conversion: see <see cref="MappingResult.Errors"/>.</summary>
    Failed,
}

/// <summary>Which kind of table a record is for.</summary>
public enum TableKind
{
    /// <summary>The Internal Data Source (Identify).</summary>
    InternalDataSource,

    /// <summary>An Interaction Extension (Track).</summary>
    InteractionExtension,
}

/// <summary>Why a field (or the whole event) could not be mapped.</summary>
/// <param name="Table">The target table, or null for an event-level problem.</param>
/// <param name="Field">The target field, or null for an event-level problem.</param>
/// <param name="Reason">What is wrong, e.g. <c>'not-an-email' is not a valid email address</c>.</param>
public sealed record MappingError(string? Table, string? Field, string Reason)
{
    /// <summary>The reason prefixed with the field: <c>email_address: 'not-an-email' is not a valid email address</c>.</summary>
    public string Message => Field is null ? Reason : Field + ": " + Reason;

    /// <summary>The message prefixed with the table: <c>CUSTOMERS.email_address: ...</c>.</summary>
    public override string ToString() => Table is null ? Message : Table + "." + Message;
}

/// <summary>A record for one table: its typed fields in schema order (only the fields the event provided).</summary>
public sealed class MappedRecord
{
    internal MappedRecord(string table, TableKind kind, MappedField[] fields, FieldValue primaryKey, FieldValue? recipientKey)
    {
        Table = table;
        Kind = kind;
        Fields = fields;
        PrimaryKey = primaryKey;
        RecipientKey = recipientKey;
    }

    /// <summary>The target table name.</summary>
    public string Table { get; }

    /// <summary>IDS or Interaction Extension.</summary>
    public TableKind Kind { get; }

    /// <summary>The mapped fields in schema order; a field whose source was missing (and not required) is absent.</summary>
    public IReadOnlyList<MappedField> Fields { get; }

    /// <summary>The primary key value (customer id or event id).</summary>
    public FieldValue PrimaryKey { get; }

    /// <summary>For an extension record, the recipient key (the IDS primary key it links to).</summary>
    public FieldValue? RecipientKey { get; }

    /// <summary>The value of a field by name (ordinal), if the record has it.</summary>
    public bool TryGetValue(string field, out FieldValue value)
    {
        foreach (var mapped in Fields)
        {
            if (string.Equals(mapped.Name, field, StringComparison.Ordinal))
            {
                value = mapped.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Writes the fields as one JSON object per the API rule: text/email/sms strings, integer/float numbers,
    /// date <c>"YYYY-MM-DD"</c>, datetime ISO 8601 UTC ending in <c>Z</c>.
    /// </summary>
    public void WriteFieldsTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var field in Fields)
        {
            writer.WritePropertyName(field.Name);
            field.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}

/// <summary>The records an event produced, or why it was skipped or failed.</summary>
public sealed class MappingResult
{
    private static readonly MappedRecord[] NoRecords = [];
    private static readonly MappingError[] NoErrors = [];

    private MappingResult(MappingOutcome outcome, string? eventType, IReadOnlyList<MappedRecord> records, IReadOnlyList<MappingError> errors, string? skipReason)
    {
        Outcome = outcome;
        EventType = eventType;
        Records = records;
        Errors = errors;
        SkipReason = skipReason;
    }

    /// <summary>Mapped, skipped or failed.</summary>
    public MappingOutcome Outcome { get; }

    /// <summary>The Segment call type used (<c>identify</c>, <c>track</c>, ...), when known.</summary>
    public string? EventType { get; }

    /// <summary>The records produced (only for tables without errors).</summary>
    public IReadOnlyList<MappedRecord> Records { get; }

    /// <summary>Every error; empty unless <see cref="Outcome"/> is <see cref="MappingOutcome.Failed"/>.</summary>
    public IReadOnlyList<MappingError> Errors { get; }

    /// <summary>Why the event was skipped.</summary>
    public string? SkipReason { get; }

    /// <summary>True when the outcome is <see cref="MappingOutcome.Mapped"/>.</summary>
    public bool Succeeded => Outcome == MappingOutcome.Mapped;

    internal static MappingResult Mapped(string eventType, MappedRecord[] records) => new(MappingOutcome.Mapped, eventType, records, NoErrors, null);

    internal static MappingResult Skipped(string? eventType, string reason) => new(MappingOutcome.Skipped, eventType, NoRecords, NoErrors, reason);

    internal static MappingResult Failed(string? eventType, IReadOnlyList<MappedRecord> records, IReadOnlyList<MappingError> errors) =>
        new(MappingOutcome.Failed, eventType, records, errors, null);

    internal static MappingResult Failed(string? eventType, string reason) =>
        new(MappingOutcome.Failed, eventType, NoRecords, [new MappingError(null, null, reason)], null);
}
