using System.Globalization;
using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>A strict, allocation-free ISO 8601 reader and UTC writer (DateTime parsing allows only 7 fractional digits).</summary>
internal static class Iso8601
{
    private const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks

    /// <summary>
    /// Reads <c>YYYY-MM-DD</c> or <c>YYYY-MM-DDTHH:MM[:SS[.f{1,9}]][Z|±HH[:MM]]</c>. A value without an
    /// offset is taken as UTC (Segment always sends <c>Z</c>); 8 and 9 fractional digits are rounded down to ticks.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out DateTime utc, out bool dateOnly)
    {
        utc = default;
        dateOnly = false;
        if (s.Length < 10 || !Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var ticks = new DateTime(year, month, day).Ticks;
        if (s.Length == 10)
        {
            utc = new DateTime(ticks, DateTimeKind.Utc);
            dateOnly = true;
            return true;
        }

        if (s[10] is not ('T' or 't' or ' ') || s.Length < 16 || !Digits(s, 11, 2, out var hour) || s[13] != ':'
            || !Digits(s, 14, 2, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        var i = 16;
        var second = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out second) || second > 59)
            {
                return false;
            }

            i += 3;
            if (i < s.Length && s[i] is '.' or ',')
            {
                i++;
                var start = i;
                long fraction = 0;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (i - start < 7)
                    {
                        fraction = (fraction * 10) + (s[i] - '0');
                    }

                    i++;
                }

                var count = i - start;
                if (count is 0 or > 9)
                {
                    return false;
                }

                for (var pad = count; pad < 7; pad++)
                {
                    fraction *= 10;
                }

                ticks += fraction;
            }
        }

        ticks += (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond);
        long offsetTicks = 0;
        if (i < s.Length)
        {
            var c = s[i];
            if (c is 'Z' or 'z')
            {
                i++;
            }
            else if (c is '+' or '-')
            {
                if (!Digits(s, i + 1, 2, out var offsetHours) || offsetHours > 23)
                {
                    return false;
                }

                i += 3;
                var offsetMinutes = 0;
                if (i < s.Length)
                {
                    if (s[i] == ':')
                    {
                        i++;
                    }

                    if (!Digits(s, i, 2, out offsetMinutes) || offsetMinutes > 59)
                    {
                        return false;
                    }

                    i += 2;
                }

                offsetTicks = (offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute);
                if (c == '-')
                {
                    offsetTicks = -offsetTicks;
                }
            }
            else
            {
                return false;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        ticks -= offsetTicks;
        if (ticks is < 0 or > MaxTicks)
        {
            return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    // DateTime's range in epoch milliseconds: checked before any arithmetic, so no number can overflow it.
    private const long MinEpochMilliseconds = -62_135_596_800_000;
    private const long MaxEpochMilliseconds = 253_402_300_799_999;

    /// <summary>Epoch milliseconds (a JSON number, fractions allowed) to UTC, when in range; exact for whole milliseconds.</summary>
    public static bool TryFromEpochMilliseconds(JsonElement number, out DateTime utc)
    {
        utc = default;
        long ticks;
        if (number.TryGetInt64(out var whole))
        {
            if (whole is < MinEpochMilliseconds or > MaxEpochMilliseconds)
            {
                return false;
            }

            ticks = (whole * TimeSpan.TicksPerMillisecond) + DateTime.UnixEpoch.Ticks;
        }
        else if (number.TryGetDecimal(out var fraction))
        {
            if (fraction is < MinEpochMilliseconds or > MaxEpochMilliseconds)
            {
                return false;
            }

            ticks = (long)(fraction * TimeSpan.TicksPerMillisecond) + DateTime.UnixEpoch.Ticks;
        }
        else
        {
            return false;
        }

        if (ticks is < 0 or > MaxTicks)
        {
            return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>An instant as the engine reads one: ISO 8601 text, or epoch milliseconds.</summary>
    public static bool TryReadInstant(JsonElement element, out DateTime utc)
    {
        utc = default;
        return element.ValueKind switch
        {
            JsonValueKind.String => TryParse(element.GetString(), out utc, out _),
            JsonValueKind.Number => TryFromEpochMilliseconds(element, out utc),
            _ => false,
        };
    }

    /// <summary>
    /// Segment's correction for device clock skew, receivedAt - (sentAt - originalTimestamp), in
    /// ticks and range-checked: false when the result falls outside DateTime's range.
    /// </summary>
    public static bool TryCorrectSkew(DateTime receivedAtUtc, DateTime sentAtUtc, DateTime originalUtc, out DateTime utc)
    {
        // Each term lies within DateTime's range, so the sum cannot overflow a long.
        var ticks = receivedAtUtc.Ticks - (sentAtUtc.Ticks - originalUtc.Ticks);
        utc = ticks is >= 0 and <= MaxTicks ? new DateTime(ticks, DateTimeKind.Utc) : default;
        return ticks is >= 0 and <= MaxTicks;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss[.fffffff]Z</c>, trailing zero digits left out; returns the length.</summary>
    public static int FormatUtc(DateTime utc, Span<char> destination)
    {
        utc.TryFormat(destination, out var written, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        return written;
    }

    public static string FormatUtc(DateTime utc)
    {
        Span<char> buffer = stackalloc char[32];
        return new string(buffer[..FormatUtc(utc, buffer)]);
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
