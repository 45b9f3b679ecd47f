using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class ValueMapEditor
{
    private string _lines = string.Empty;

    [Parameter, EditorRequired]
    public required TransformDefinition Transform { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public EventCallback<TransformDefinition> OnChange { get; set; }

    protected override void OnParametersSet()
    {
        // Keep what the user is typing (e.g. a half-written line) while it means the same translation.
        if (Format(Transform.Map) != Format(Parse(_lines)))
        {
            _lines = Format(Transform.Map);
        }
    }

    private static string Format(IReadOnlyDictionary<string, string>? map) =>
        string.Join("\n", (map ?? new Dictionary<string, string>()).Select(p => p.Key + "=" + p.Value));

    private static Dictionary<string, string> Parse(string lines)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Split('\n'))
        {
            var cut = line.IndexOf('=', StringComparison.Ordinal);
            if (cut > 0)
            {
                map[line[..cut].Trim()] = line[(cut + 1)..].Trim();
            }
        }

        return map;
    }

    private Task SetLines(string? text)
    {
        _lines = text ?? string.Empty;
        return OnChange.InvokeAsync(Transform with { Map = Parse(_lines) });
    }

    private Task SetElse(string? text) =>
        OnChange.InvokeAsync(Transform with { Else = string.IsNullOrEmpty(text) ? null : text });
}
