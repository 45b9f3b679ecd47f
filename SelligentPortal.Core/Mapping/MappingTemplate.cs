using System.Globalization;

namespace SelligentPortal.Core.Mapping;

/// <summary>A parsed template: literal text with <c>{{path}}</c> placeholders. Immutable.</summary>
public sealed class MappingTemplate
{
    private MappingTemplate(string text, string[] literals, MappingPath[] paths)
    {
        Text = text;
        Literals = literals;
        Paths = paths;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The placeholders' paths in order.</summary>
    public IReadOnlyList<MappingPath> Paths { get; }

    /// <summary>Literal text around the placeholders: always <c>Paths.Count + 1</c> entries.</summary>
    internal string[] Literals { get; }

    /// <summary>Parses a template; on failure <paramref name="error"/> says what is wrong and where (1-based).</summary>
    public static bool TryParse(string? text, out MappingTemplate template, out string error)
    {
        template = null!;
        if (text is null)
        {
            error = "The template is missing.";
            return false;
        }

        var literals = new List<string>();
        var paths = new List<MappingPath>();
        var position = 0;
        var literalStart = 0;
        while (true)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"The placeholder opened at position {open + 1} is not closed with '}}}}'.");
                return false;
            }

            var inner = text[(open + 2)..close].Trim();
            if (!MappingPath.TryParse(inner, out var path, out var pathError))
            {
                error = string.Create(CultureInfo.InvariantCulture, $"The placeholder at position {open + 1} is not a valid path: {pathError}");
                return false;
            }

            literals.Add(text[literalStart..open]);
            paths.Add(path);
            position = close + 2;
            literalStart = position;
        }

        if (paths.Count == 0)
        {
            error = "The template has no {{path}} placeholder; use 'value' for a constant.";
            return false;
        }

        literals.Add(text[literalStart..]);
        template = new MappingTemplate(text, [.. literals], [.. paths]);
        error = string.Empty;
        return true;
    }
}
