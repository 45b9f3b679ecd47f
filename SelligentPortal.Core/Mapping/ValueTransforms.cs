using System.Security.Cryptography;
using System.Text;

namespace SelligentPortal.Core.Mapping;

/// <summary>One step of a field's transforms; works on the value's text form.</summary>
internal abstract class ValueTransform
{
    public abstract string Apply(string value);
}

internal sealed class TrimTransform : ValueTransform
{
    public static readonly TrimTransform Instance = new();

    public override string Apply(string value) => value.Trim();
}

internal sealed class LowercaseTransform : ValueTransform
{
    public static readonly LowercaseTransform Instance = new();

    public override string Apply(string value) => value.ToLowerInvariant();
}

internal sealed class UppercaseTransform : ValueTransform
{
    public static readonly UppercaseTransform Instance = new();

    public override string Apply(string value) => value.ToUpperInvariant();
}

/// <summary>Cuts to the field's maxLength without splitting a surrogate pair.</summary>
internal sealed class TruncateTransform(int maxLength) : ValueTransform
{
    public override string Apply(string value)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..length];
    }
}

/// <summary>Keeps 0-9, and a + when it comes before the first digit.</summary>
internal sealed class DigitsTransform : ValueTransform
{
    public static readonly DigitsTransform Instance = new();

    public override string Apply(string value)
    {
        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var length = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[length++] = c;
            }
            else if (c == '+' && length == 0)
            {
                buffer[length++] = c;
            }
        }

        if (length == 1 && buffer[0] == '+')
        {
            length = 0;
        }

        return length == value.Length ? value : new string(buffer[..length]);
    }
}

/// <summary>SHA-256 of the UTF-8 text, lower-case hex.</summary>
internal sealed class Sha256Transform : ValueTransform
{
    public static readonly Sha256Transform Instance = new();

    public override string Apply(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        Span<byte> bytes = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(value, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }
}

/// <summary>Value translation: exact (ordinal) lookup, else the <c>else</c> text, else the value unchanged.</summary>
internal sealed class MapTransform(IReadOnlyDictionary<string, string> map, string? otherwise) : ValueTransform
{
    private readonly Dictionary<string, string> _map = new(map, StringComparer.Ordinal);

    public override string Apply(string value) => _map.TryGetValue(value, out var mapped) ? mapped : otherwise ?? value;
}
