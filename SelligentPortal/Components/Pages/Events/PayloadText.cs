using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SelligentPortal.Components.Pages.Events;

/// <summary>A raw payload as indented JSON for reading; text that is not JSON comes back verbatim.</summary>
public static class PayloadText
{
    // Relaxed escaping keeps "<script>" readable as typed; the page renders it as text, never as markup.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (string Text, bool IsJson) Format(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Indented))
            {
                document.WriteTo(writer);
            }

            return (Encoding.UTF8.GetString(stream.ToArray()), true);
        }
        catch (JsonException)
        {
            return (raw, false);
        }
    }
}
