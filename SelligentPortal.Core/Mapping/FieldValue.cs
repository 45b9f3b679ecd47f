using System.Globalization;
using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Core.Mapping;

/// <summary>
/// A typed field value without boxing: <see cref="string"/> for text, email and sms, <see cref="long"/>
/// for integer, <see cref="double"/> for float, <see cref="DateOnly"/> for date and a UTC
/// <see cref="DateTime"/> for datetime.
/// </summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly string? _text;
    private readonly long _bits;

    private FieldValue(FieldType type, string? text, long bits)
    {
        Type = type;
        _text = text;
        _bits = bits;
    }

    /// <summary>The field type, which decides the accessor to use.</summary>
    public FieldType Type { get; }

    /// <summary>A text, email or sms value.</summary>
    public static FieldValue FromText(FieldType type, string value) => new(type, value, 0);

    /// <summary>An integer value.</summary>
    public static FieldValue FromInteger(long value) => new(FieldType.Integer, null, value);

    /// <summary>A float value.</summary>
    public static FieldValue FromFloat(double value) => new(FieldType.Float, null, BitConverter.DoubleToInt64Bits(value));

    /// <summary>A date value.</summary>
    public static FieldValue FromDate(DateOnly value) => new(FieldType.Date, null, value.DayNumber);

    /// <summary>A datetime value (stored as UTC).</summary>
    public static FieldValue FromDateTime(DateTime utc) => new(FieldType.Datetime, null, utc.Ticks);

    /// <summary>The string of a text, email or sms value.</summary>
    public string AsString() => _text ?? throw new InvalidOperationException($"A {Type.ToJsonName()} value is not text.");

    /// <summary>The value of an integer field.</summary>
    public long AsInt64() => Type == FieldType.Integer ? _bits : throw new InvalidOperationException($"A {Type.ToJsonName()} value is not an integer.");

    /// <summary>The value of a float field.</summary>
    public double AsDouble() => Type == FieldType.Float ? BitConverter.Int64BitsToDouble(_bits) : throw new InvalidOperationException($"A {Type.ToJsonName()} value is not a float.");

    /// <summary>The value of a date field.</summary>
    public DateOnly AsDate() => Type == FieldType.Date ? DateOnly.FromDayNumber((int)_bits) : throw new InvalidOperationException($"A {Type.ToJsonName()} value is not a date.");

    /// <summary>The value of a datetime field, <see cref="DateTimeKind.Utc"/>.</summary>
    public DateTime AsDateTime() => Type == FieldType.Datetime ? new DateTime(_bits, DateTimeKind.Utc) : throw new InvalidOperationException($"A {Type.ToJsonName()} value is not a datetime.");

    /// <summary>The value boxed as its CLR type (string, long, double, DateOnly or DateTime).</summary>
    public object ToObject() => Type switch
    {
        FieldType.Integer => AsInt64(),
        FieldType.Float => AsDouble(),
        FieldType.Date => AsDate(),
        FieldType.Datetime => AsDateTime(),
        _ => _text ?? string.Empty,
    };

    /// <summary>Writes the value per the API rule: strings, numbers, <c>"YYYY-MM-DD"</c>, ISO 8601 UTC ending in <c>Z</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Type)
        {
            case FieldType.Integer:
                writer.WriteNumberValue(_bits);
                break;
            case FieldType.Float:
                writer.WriteNumberValue(AsDouble());
                break;
            case FieldType.Date:
            case FieldType.Datetime:
                Span<char> buffer = stackalloc char[32];
                writer.WriteStringValue(buffer[..Format(buffer)]);
                break;
            default:
                writer.WriteStringValue(_text);
                break;
        }
    }

    /// <summary>The invariant text form: the API's JSON form without quotes.</summary>
    public override string ToString()
    {
        switch (Type)
        {
            case FieldType.Integer:
                return _bits.ToString(CultureInfo.InvariantCulture);
            case FieldType.Float:
                return AsDouble().ToString("R", CultureInfo.InvariantCulture);
            case FieldType.Date:
            case FieldType.Datetime:
                Span<char> buffer = stackalloc char[32];
                return new string(buffer[..Format(buffer)]);
            default:
                return _text ?? string.Empty;
        }
    }

    /// <inheritdoc />
    public bool Equals(FieldValue other) => Type == other.Type && _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _text, _bits);

    /// <summary>Equality of type and value.</summary>
    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    /// <summary>Inequality of type or value.</summary>
    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    private int Format(Span<char> buffer)
    {
        if (Type == FieldType.Date)
        {
            AsDate().TryFormat(buffer, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return written;
        }

        return Iso8601.FormatUtc(AsDateTime(), buffer);
    }
}

/// <summary>One field of a mapped record.</summary>
/// <param name="Name">The target field name.</param>
/// <param name="Value">The typed value.</param>
public readonly record struct MappedField(string Name, FieldValue Value)
{
    /// <summary>The field type.</summary>
    public FieldType Type => Value.Type;
}
