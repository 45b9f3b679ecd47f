namespace SelligentPortal.Core.Mapping;

/// <summary>How a mapped field fared in a preview.</summary>
public enum FieldPreviewStatus
{
    /// <summary>The field got a value.</summary>
    Value,

    /// <summary>No value and not required: the record is written without it.</summary>
    NoValue,

    /// <summary>The field fails the event (a required value is missing, or the value does not convert).</summary>
    Failed,
}

/// <summary>One mapped field of a preview: its value, or why it has none, or why it fails.</summary>
/// <param name="Table">The target table.</param>
/// <param name="Field">The target field.</param>
/// <param name="Status">Value, no value or failed.</param>
/// <param name="Value">The typed value when <paramref name="Status"/> is <see cref="FieldPreviewStatus.Value"/>.</param>
/// <param name="Reason">Why there is no value, or why the field fails, in words (e.g. <c>none of its paths is present</c>).</param>
public sealed record FieldPreview(string Table, string Field, FieldPreviewStatus Status, FieldValue? Value, string? Reason);
