using System.Globalization;
using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Core.Mapping;

/// <summary>Strict conversion of a pipeline value to a field type; a failure gives a reason, never an exception.</summary>
internal abstract class FieldConverter
{
    public abstract bool TryConvert(in RawValue raw, out FieldValue value, out string? reason);

    public static FieldConverter For(FieldDefinition field) => field.Type switch
    {
        FieldType.Integer => IntegerConverter.Instance,
        FieldType.Float => FloatConverter.Instance,
        FieldType.Date => DateConverter.Instance,
        FieldType.Datetime => DateTimeConverter.Instance,
        FieldType.Email => EmailConverter.Instance,
        FieldType.Sms => SmsConverter.Instance,
        _ => new TextConverter(field.MaxLength ?? ConfigurationValidator.MaxTextLength),
    };

    protected static bool Fail(in RawValue raw, string what, out FieldValue value, out string? reason)
    {
        value = default;
        reason = raw.Describe() + " is not " + what;
        return false;
    }
}

/// <summary>Text: strings; numbers and booleans in invariant form; objects and arrays as compact JSON; at most maxLength.</summary>
internal sealed class TextConverter(int maxLength) : FieldConverter
{
    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        var text = raw.ToText();
        if (text.Length > maxLength)
        {
            value = default;
            reason = string.Create(CultureInfo.InvariantCulture,
                $"{raw.Describe()} is {text.Length} characters long; the maximum is {maxLength} (add the 'truncate' transform to cut it)");
            return false;
        }

        value = FieldValue.FromText(FieldType.Text, text);
        reason = null;
        return true;
    }
}

/// <summary>Integer: JSON whole numbers or invariant integer strings (1.5 is refused, not rounded).</summary>
internal sealed class IntegerConverter : FieldConverter
{
    public static readonly IntegerConverter Instance = new();

    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        long number = 0;
        var ok = raw.Kind switch
        {
            RawKind.Json => raw.Json.ValueKind == JsonValueKind.Number && TryGetWhole(raw.Json, out number),
            RawKind.Text => long.TryParse(raw.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        if (!ok)
        {
            return Fail(raw, "a whole number", out value, out reason);
        }

        value = FieldValue.FromInteger(number);
        reason = null;
        return true;
    }

    // 1e3 is a whole number written in exponent form; 1.5 is not.
    private static bool TryGetWhole(JsonElement element, out long number)
    {
        if (element.TryGetInt64(out number))
        {
            return true;
        }

        if (element.TryGetDecimal(out var exact) && exact == decimal.Truncate(exact) && exact is >= long.MinValue and <= long.MaxValue)
        {
            number = (long)exact;
            return true;
        }

        return false;
    }
}

/// <summary>Float: JSON numbers or invariant numeric strings (no NaN or infinity).</summary>
internal sealed class FloatConverter : FieldConverter
{
    public static readonly FloatConverter Instance = new();

    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        double number = 0;
        var ok = raw.Kind switch
        {
            RawKind.Json => raw.Json.ValueKind == JsonValueKind.Number && raw.Json.TryGetDouble(out number),
            RawKind.Text => double.TryParse(raw.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        if (!ok || !double.IsFinite(number))
        {
            return Fail(raw, "a number", out value, out reason);
        }

        value = FieldValue.FromFloat(number);
        reason = null;
        return true;
    }
}

/// <summary>Date: an ISO 8601 date, or the UTC date of an ISO 8601 datetime or of epoch milliseconds.</summary>
internal sealed class DateConverter : FieldConverter
{
    public static readonly DateConverter Instance = new();

    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        if (!DateTimeConverter.TryRead(raw, out var utc))
        {
            return Fail(raw, "a date (ISO 8601 such as 2024-05-31, or epoch milliseconds)", out value, out reason);
        }

        value = FieldValue.FromDate(DateOnly.FromDateTime(utc));
        reason = null;
        return true;
    }
}

/// <summary>Datetime: ISO 8601 with any offset (no offset = UTC) and up to 9 fractional digits, or epoch milliseconds; stored UTC.</summary>
internal sealed class DateTimeConverter : FieldConverter
{
    public static readonly DateTimeConverter Instance = new();

    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        if (!TryRead(raw, out var utc))
        {
            return Fail(raw, "a date and time (ISO 8601 such as 2024-05-31T12:00:00Z, or epoch milliseconds)", out value, out reason);
        }

        value = FieldValue.FromDateTime(utc);
        reason = null;
        return true;
    }

    public static bool TryRead(in RawValue raw, out DateTime utc)
    {
        switch (raw.Kind)
        {
            case RawKind.Instant:
                utc = raw.Instant;
                return true;
            case RawKind.Text:
                return Iso8601.TryParse(raw.Text, out utc, out _);
            default:
                utc = default;
                return raw.Json.ValueKind == JsonValueKind.Number && Iso8601.TryFromEpochMilliseconds(raw.Json, out utc);
        }
    }
}

/// <summary>
/// Email: one @, a local part of 1-64 characters (letters, digits, <c>!#$%&amp;'*+/=?^_`{|}~-</c> and non-leading,
/// non-trailing, non-doubled dots), a domain of at least two dot-separated labels of letters, digits and
/// inner hyphens, at most 254 characters. Non-ASCII letters are accepted (internationalised addresses).
/// </summary>
internal sealed class EmailConverter : FieldConverter
{
    public static readonly EmailConverter Instance = new();

    private const string LocalSpecials = "!#$%&'*+/=?^_`{|}~-";

    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        if (raw.Kind != RawKind.Text || !IsValid(raw.Text!))
        {
            return Fail(raw, "a valid email address", out value, out reason);
        }

        value = FieldValue.FromText(FieldType.Email, raw.Text!);
        reason = null;
        return true;
    }

    public static bool IsValid(ReadOnlySpan<char> address)
    {
        var at = address.LastIndexOf('@');
        if (address.Length > 254 || at < 1 || at > 64 || at == address.Length - 1)
        {
            return false;
        }

        var local = address[..at];
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && !LocalSpecials.Contains(c) && (c < 128 || !char.IsLetterOrDigit(c)))
            {
                return false;
            }
        }

        var domain = address[(at + 1)..];
        var labels = 0;
        var labelStart = 0;
        for (var i = 0; i <= domain.Length; i++)
        {
            if (i < domain.Length && domain[i] != '.')
            {
                var c = domain[i];
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && (c < 128 || !char.IsLetterOrDigit(c)))
                {
                    return false;
                }

                continue;
            }

            var label = domain[labelStart..i];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
            labelStart = i + 1;
            if (i == domain.Length && (label.Length < 2 || char.IsAsciiDigit(label[0])))
            {
                return false;
            }
        }

        return labels >= 2;
    }
}

/// <summary>
/// SMS: after removing spaces, dashes, dots and parentheses, an optional leading + and 6 to 15 digits
/// (E.164 allows at most 15). The stored value is that normalised form, e.g. <c>+31612345678</c>.
/// </summary>
internal sealed class SmsConverter : FieldConverter
{
    public static readonly SmsConverter Instance = new();

    public override bool TryConvert(in RawValue raw, out FieldValue value, out string? reason)
    {
        var text = raw.Kind switch
        {
            RawKind.Text => raw.Text!,
            RawKind.Json when raw.Json.ValueKind == JsonValueKind.Number => raw.Json.GetRawText(),
            _ => null,
        };
        if (text is null || !TryNormalize(text, out var phone))
        {
            return Fail(raw, "a plausible phone number (optional +, then 6 to 15 digits)", out value, out reason);
        }

        value = FieldValue.FromText(FieldType.Sms, phone);
        reason = null;
        return true;
    }

    public static bool TryNormalize(string text, out string phone)
    {
        phone = string.Empty;
        Span<char> buffer = stackalloc char[17];
        var length = 0;
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '-' or '.' or '(' or ')')
            {
                continue;
            }

            if (c == '+' && length == 0)
            {
                buffer[length++] = c;
                continue;
            }

            if (!char.IsAsciiDigit(c) || ++digits > 15)
            {
                return false;
            }

            buffer[length++] = c;
        }

        if (digits < 6)
        {
            return false;
        }

        phone = length == text.Length ? text : new string(buffer[..length]);
        return true;
    }
}
