using System.Text;
using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>Where a field's value comes from: paths, a constant or a template.</summary>
internal abstract class ValueSource
{
    public abstract bool TryGet(ref MappingContext context, out RawValue value);

    /// <summary>Why there is no value when <see cref="TryGet"/> finds none, in words.</summary>
    public abstract string MissingReason { get; }
}

/// <summary><c>from</c>: the first path whose value is present, not null and not an empty string.</summary>
internal sealed class PathSource(BoundPath[] paths) : ValueSource
{
    public override string MissingReason => paths.Length == 1 ? "its path is not present" : "none of its paths is present";

    public override bool TryGet(ref MappingContext context, out RawValue value)
    {
        for (var i = 0; i < paths.Length; i++)
        {
            if (context.TryResolve(paths[i], out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary><c>value</c>: a constant (a JSON null constant counts as missing).</summary>
internal sealed class ConstantSource(JsonElement constant) : ValueSource
{
    private readonly bool _present = constant.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    private readonly RawValue _value = constant.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? default : RawValue.FromJson(constant);

    public override string MissingReason => "its value is null";

    public override bool TryGet(ref MappingContext context, out RawValue value)
    {
        value = _value;
        return _present;
    }
}

/// <summary><c>template</c>: literals and <c>{{path}}</c> placeholders; missing when every placeholder is.</summary>
internal sealed class TemplateSource(MappingTemplate template, BoundPath[] paths) : ValueSource
{
    private readonly string[] _literals = template.Literals;
    private readonly BoundPath[] _paths = paths;

    public override string MissingReason => "none of its placeholders is present";

    public override bool TryGet(ref MappingContext context, out RawValue value)
    {
        var builder = new StringBuilder();
        var found = false;
        for (var i = 0; i < _paths.Length; i++)
        {
            builder.Append(_literals[i]);
            if (context.TryResolve(_paths[i], out var part))
            {
                found = true;
                builder.Append(part.ToText());
            }
        }

        builder.Append(_literals[^1]);
        value = found ? RawValue.FromText(builder.ToString()) : default;
        return found;
    }
}
