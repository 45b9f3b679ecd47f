using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SelligentPortal.Core.Configuration.Examples;

/// <summary>
/// A sample event told apart from the others in a list: its type, Track name, user and time
/// (<c>Track "Order Completed" · user u_42 · 2026-12-04 06:08:45 UTC</c>), or for a built-in example its name.
/// </summary>
public static partial class SampleEventLabel
{
    private const int MaxUserLength = 24;

    /// <summary>The label of a sample: built-in examples keep their name behind "Example:".</summary>
    public static string Describe(SampleEvent sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (SegmentExamples.All.Contains(sample))
        {
            return "Example: " + sample.Name;
        }

        var parts = new List<string>();
        string? time = null;
        try
        {
            using var document = JsonDocument.Parse(sample.Json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var type = Text(root, "type") ?? "event";
                var name = Text(root, "event");
                parts.Add(Capitalize(type) + (name is null ? "" : $" \"{name}\""));
                if (User(root) is { } user)
                {
                    parts.Add(user);
                }

                time = Time(Text(root, "timestamp") ?? Text(root, "originalTimestamp") ?? Text(root, "sentAt"));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the stored name is all there is.
        }

        if (parts.Count == 0)
        {
            return sample.Name;
        }

        // The stored name carries the receive time when the event itself has none.
        time ??= ReceivedTime().Match(sample.Name) is { Success: true } match ? match.Groups[1].Value + " UTC" : null;
        if (time is not null)
        {
            parts.Add(time);
        }

        if (sample.Note is not null)
        {
            parts.Add(sample.Note);
        }

        return string.Join(" · ", parts);
    }

    private static string? User(JsonElement root)
    {
        var (label, id) = Text(root, "userId") is { } userId ? ("user", userId) : Text(root, "anonymousId") is { } anonymous ? ("anonymous", anonymous) : default;
        if (id is null)
        {
            return null;
        }

        return label + " " + (id.Length > MaxUserLength ? string.Concat(id.AsSpan(0, MaxUserLength - 1), "…") : id);
    }

    private static string? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : null;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ValueKind == JsonValueKind.String ? value.GetString() is { Length: > 0 } text ? text : null : value.GetRawText()
            : null;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\)")]
    private static partial Regex ReceivedTime();
}
