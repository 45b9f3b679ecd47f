using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>
/// A parsed path into a Segment event: <c>a.b.c</c>, <c>a[0].b</c>, <c>a["key with space"]</c>,
/// <c>a['x']</c>, with an optional leading <c>$.</c>. Immutable and thread-safe.
/// </summary>
public sealed class MappingPath
{
    private readonly Segment[] _segments;

    private MappingPath(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
        if (segments.Length == 1 && segments[0].Name is { } name)
        {
            VirtualKind = name switch
            {
                "receivedAt" => VirtualPath.ReceivedAt,
                "timestamp" => VirtualPath.Timestamp,
                _ => VirtualPath.None,
            };
        }
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The number of segments (property names and indexes).</summary>
    public int Length => _segments.Length;

    /// <summary>The first segment's property name as UTF-8, or null when the path starts with an index.</summary>
    internal byte[]? FirstUtf8Name => _segments.Length > 0 ? _segments[0].Utf8Name : null;

    internal VirtualPath VirtualKind { get; }

    /// <summary>Parses a path; on failure <paramref name="error"/> says what is wrong and at which position (1-based).</summary>
    public static bool TryParse(string? text, out MappingPath path, out string error)
    {
        path = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The path is empty.";
            return false;
        }

        var segments = new List<Segment>();
        var i = 0;
        if (text.StartsWith("$.", StringComparison.Ordinal))
        {
            i = 2;
        }
        else if (text.StartsWith("$[", StringComparison.Ordinal))
        {
            i = 1;
        }
        else if (text == "$")
        {
            error = "The path '$' names the whole event; name a value inside it, e.g. '$.userId'.";
            return false;
        }

        var expectName = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '[')
            {
                if (!TryParseBracket(text, ref i, segments, out error))
                {
                    return false;
                }

                expectName = false;
                continue;
            }

            if (!expectName)
            {
                if (c != '.')
                {
                    error = Error(text, i, $"Expected '.' or '[' but found '{c}'");
                    return false;
                }

                i++;
                if (i >= text.Length)
                {
                    error = Error(text, i, "Expected a property name after '.'");
                    return false;
                }

                expectName = true;
                continue;
            }

            var start = i;
            while (i < text.Length && IsNameChar(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                error = Error(text, i, $"Expected a property name but found '{text[i]}'");
                return false;
            }

            segments.Add(Segment.ForName(text[start..i]));
            expectName = false;
        }

        if (expectName)
        {
            error = Error(text, i, "Expected a property name");
            return false;
        }

        path = new MappingPath(text, [.. segments]);
        error = string.Empty;
        return true;
    }

    /// <summary>Parses a path, throwing <see cref="FormatException"/> when it is invalid (for code and tests, not user input).</summary>
    public static MappingPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    /// <summary>
    /// Looks the path up in <paramref name="root"/>. Returns false when a step is missing or has the wrong
    /// kind (a property of a non-object, an index out of range). Never throws.
    /// </summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value) => TryEvaluateFrom(root, 0, out value);

    /// <summary>Continues an evaluation from <paramref name="start"/>, already resolved for the first <paramref name="startSegment"/> segments.</summary>
    internal bool TryEvaluateFrom(JsonElement start, int startSegment, out JsonElement value)
    {
        var current = start;
        var segments = _segments;
        for (var s = startSegment; s < segments.Length; s++)
        {
            ref readonly var segment = ref segments[s];
            if (segment.Utf8Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    value = default;
                    return false;
                }
            }
            else
            {
                if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
                {
                    value = default;
                    return false;
                }

                current = current[segment.Index];
            }
        }

        value = current;
        return true;
    }

    /// <summary>A key identifying the first <paramref name="length"/> segments, whatever the spelling (<c>$.a.b</c> = <c>a["b"]</c>).</summary>
    internal string PrefixKey(int length)
    {
        var builder = new StringBuilder();
        for (var s = 0; s < length; s++)
        {
            var segment = _segments[s];
            builder.Append(segment.Name is null ? "#" + Invariant.Format(segment.Index) : "." + segment.Name).Append('\0');
        }

        return builder.ToString();
    }

    /// <summary>The path made of the first <paramref name="length"/> segments.</summary>
    internal MappingPath Prefix(int length) => new(Text, _segments[..length]);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryParseBracket(string text, ref int i, List<Segment> segments, out string error)
    {
        var open = i;
        i++;
        if (i >= text.Length)
        {
            error = Error(text, i, "Expected an index or a quoted name after '['");
            return false;
        }

        var c = text[i];
        if (char.IsAsciiDigit(c))
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (!int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                error = Error(text, start, "The index is too large");
                return false;
            }

            if (i >= text.Length || text[i] != ']')
            {
                error = Error(text, i, "Expected ']' after the index");
                return false;
            }

            i++;
            segments.Add(Segment.ForIndex(index));
            error = string.Empty;
            return true;
        }

        if (c is not ('"' or '\''))
        {
            error = Error(text, i, c == '-' ? "Negative indexes are not supported" : "Expected an index or a quoted name after '['");
            return false;
        }

        var quote = c;
        i++;
        var name = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                error = Error(text, open, $"The quoted name is not closed with {quote}");
                return false;
            }

            c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                name.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == quote)
            {
                i++;
                break;
            }

            name.Append(c);
            i++;
        }

        if (i >= text.Length || text[i] != ']')
        {
            error = Error(text, i, "Expected ']' after the quoted name");
            return false;
        }

        i++;
        segments.Add(Segment.ForName(name.ToString()));
        error = string.Empty;
        return true;
    }

    private static bool IsNameChar(char c) =>
        c is not ('.' or '[' or ']' or '"' or '\'' or '{' or '}') && !char.IsWhiteSpace(c) && !char.IsControl(c);

    private static string Error(string text, int index, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message} at position {index + 1} of '{text}'.");

    private readonly struct Segment
    {
        private Segment(string? name, int index)
        {
            Name = name;
            Utf8Name = name is null ? null : Encoding.UTF8.GetBytes(name);
            Index = index;
        }

        public string? Name { get; }

        public byte[]? Utf8Name { get; }

        public int Index { get; }

        public static Segment ForName(string name) => new(name, -1);

        public static Segment ForIndex(int index) => new(null, index);
    }
}

/// <summary>Paths the engine resolves itself rather than reading from the event.</summary>
internal enum VirtualPath
{
    None,
    ReceivedAt,
    Timestamp,
}
