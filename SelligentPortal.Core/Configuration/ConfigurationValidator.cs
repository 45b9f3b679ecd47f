using System.Text.RegularExpressions;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Core.Configuration;

/// <summary>
/// Checks a configuration document against the rules of docs/product.md sections 3 and 4 and lists every
/// problem with its JSON path. A document with no problems can be given to <see cref="MappingCompiler.Compile"/>.
/// </summary>
public static partial class ConfigurationValidator
{
    /// <summary>The largest <c>maxLength</c> of a text field (Message Studio's NVARCHAR limit).</summary>
    public const int MaxTextLength = 4000;

    private const string IdsPath = "$.internalDataSource";

    /// <summary>Field and table names: a letter then up to 63 letters, digits or underscores.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();

    /// <summary>Every problem in the document; empty when it can be published.</summary>
    public static IReadOnlyList<ConfigurationProblem> Validate(ConfigurationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<ConfigurationProblem>();
        var ids = document.InternalDataSource;
        var tableNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CheckTableName(ids.Name, IdsPath, tableNames, problems);
        CheckFields(ids.Fields, IdsPath, problems);
        var idsKey = CheckIdsRoles(ids.Fields, problems);
        CheckMapping(ids.Fields, ids.Mapping, IdsPath, problems);

        for (var i = 0; i < document.InteractionExtensions.Count; i++)
        {
            var extension = document.InteractionExtensions[i];
            var path = "$.interactionExtensions" + ConfigurationDocumentSerializer.Index(i);
            CheckTableName(extension.Name, path, tableNames, problems);
            for (var e = 0; e < extension.Events.Count; e++)
            {
                if (string.IsNullOrWhiteSpace(extension.Events[e]))
                {
                    problems.Add(new(path + ".events" + ConfigurationDocumentSerializer.Index(e), "An event name cannot be empty."));
                }
            }

            CheckFields(extension.Fields, path, problems);
            CheckExtensionRoles(extension.Fields, path, idsKey, problems);
            CheckMapping(extension.Fields, extension.Mapping, path, problems);
        }

        return problems;
    }

    private static void CheckTableName(string name, string path, HashSet<string> seen, List<ConfigurationProblem> problems)
    {
        if (!NamePattern().IsMatch(name ?? string.Empty))
        {
            problems.Add(new(path + ".name", $"Table name '{name}' is not valid: {NameRule}"));
        }
        else if (!seen.Add(name!))
        {
            problems.Add(new(path + ".name", $"Table name '{name}' is used twice (names are compared ignoring case)."));
        }
    }

    private const string NameRule = "start with a letter, then up to 63 letters, digits or underscores.";

    private static void CheckFields(IReadOnlyList<FieldDefinition> fields, string tablePath, List<ConfigurationProblem> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var path = tablePath + ".fields" + ConfigurationDocumentSerializer.Index(i);
            if (!NamePattern().IsMatch(field.Name ?? string.Empty))
            {
                problems.Add(new(path + ".name", $"Field name '{field.Name}' is not valid: {NameRule}"));
            }
            else if (seen.TryGetValue(field.Name!, out var first))
            {
                problems.Add(new(path + ".name",
                    $"Field name '{field.Name}' is already used by field {first + 1} ('{fields[first].Name}'); names are compared ignoring case."));
            }
            else
            {
                seen.Add(field.Name!, i);
            }

            if (!Enum.IsDefined(field.Type))
            {
                problems.Add(new(path + ".type",
                    $"Unknown field type '{field.Type}'; expected one of {string.Join(", ", ConfigurationNames.FieldTypeNames)}."));
            }

            if (field.Type == FieldType.Text)
            {
                if (field.MaxLength is not { } maxLength)
                {
                    problems.Add(new(path + ".maxLength", $"Text field '{field.Name}' needs a maxLength (1 to {MaxTextLength})."));
                }
                else if (maxLength is < 1 or > MaxTextLength)
                {
                    problems.Add(new(path + ".maxLength",
                        $"The maxLength of '{field.Name}' must be between 1 and {MaxTextLength}, not {maxLength}."));
                }
            }
            else if (field.MaxLength is not null)
            {
                problems.Add(new(path + ".maxLength",
                    $"Only text fields have a maxLength; '{field.Name}' is {field.Type.ToJsonName()}."));
            }
        }
    }

    private static FieldDefinition? CheckIdsRoles(IReadOnlyList<FieldDefinition> fields, List<ConfigurationProblem> problems)
    {
        FieldDefinition? key = null;
        var keyCount = 0;
        var emailCount = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var path = IdsPath + ".fields" + ConfigurationDocumentSerializer.Index(i) + ".role";
            switch (field.Role)
            {
                case FieldRole.PrimaryKey:
                    keyCount++;
                    key ??= field;
                    if (keyCount > 1)
                    {
                        problems.Add(new(path, $"The internal data source has more than one primaryKey field ('{field.Name}' is another)."));
                    }

                    if (field.Type is not (FieldType.Text or FieldType.Integer))
                    {
                        problems.Add(new(path, $"The primary key '{field.Name}' must be text or integer, not {field.Type.ToJsonName()}."));
                    }

                    break;
                case FieldRole.Email:
                    emailCount++;
                    if (emailCount > 1)
                    {
                        problems.Add(new(path, $"The internal data source can have at most one email field ('{field.Name}' is another)."));
                    }

                    if (field.Type != FieldType.Email)
                    {
                        problems.Add(new(path, $"The email role needs a field of type email; '{field.Name}' is {field.Type.ToJsonName()}."));
                    }

                    break;
                case { } role:
                    problems.Add(new(path,
                        $"The role {role.ToJsonName()} belongs in an interaction extension; the internal data source takes primaryKey and email."));
                    break;
            }
        }

        if (keyCount == 0)
        {
            problems.Add(new(IdsPath + ".fields", "The internal data source needs exactly one primaryKey field (text or integer); there is none."));
        }

        return key;
    }

    private static void CheckExtensionRoles(
        IReadOnlyList<FieldDefinition> fields, string tablePath, FieldDefinition? idsKey, List<ConfigurationProblem> problems)
    {
        Span<int> counts = stackalloc int[5];
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Role is not { } role)
            {
                continue;
            }

            var path = tablePath + ".fields" + ConfigurationDocumentSerializer.Index(i) + ".role";
            if (role == FieldRole.Email || !Enum.IsDefined(role))
            {
                problems.Add(new(path,
                    $"The role {role.ToJsonName()} belongs in the internal data source; an extension takes primaryKey, recipientKey, eventType and eventTimestamp."));
                continue;
            }

            if (++counts[(int)role] > 1)
            {
                problems.Add(new(path, $"An interaction extension has exactly one {role.ToJsonName()} field ('{field.Name}' is another)."));
            }

            switch (role)
            {
                case FieldRole.PrimaryKey when field.Type is not (FieldType.Text or FieldType.Integer):
                    problems.Add(new(path, $"The primary key (event id) '{field.Name}' must be text or integer, not {field.Type.ToJsonName()}."));
                    break;
                case FieldRole.RecipientKey when idsKey is not null && field.Type != idsKey.Type:
                    problems.Add(new(path,
                        $"The recipient key '{field.Name}' is {field.Type.ToJsonName()} but the internal data source's primary key '{idsKey.Name}' is {idsKey.Type.ToJsonName()}; they must have the same type."));
                    break;
                case FieldRole.EventType when field.Type != FieldType.Text:
                    problems.Add(new(path, $"The event type '{field.Name}' must be text, not {field.Type.ToJsonName()}."));
                    break;
                case FieldRole.EventTimestamp when field.Type != FieldType.Datetime:
                    problems.Add(new(path, $"The event timestamp '{field.Name}' must be datetime, not {field.Type.ToJsonName()}."));
                    break;
            }
        }

        ReadOnlySpan<FieldRole> needed = [FieldRole.PrimaryKey, FieldRole.RecipientKey, FieldRole.EventType, FieldRole.EventTimestamp];
        foreach (var role in needed)
        {
            if (counts[(int)role] == 0)
            {
                problems.Add(new(tablePath + ".fields", $"An interaction extension needs exactly one {role.ToJsonName()} field; there is none."));
            }
        }
    }

    private static void CheckMapping(
        IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, FieldMapping> mapping, string tablePath, List<ConfigurationProblem> problems)
    {
        var byName = new Dictionary<string, FieldDefinition>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            byName.TryAdd(field.Name ?? string.Empty, field);
        }

        foreach (var (name, fieldMapping) in mapping)
        {
            var path = tablePath + ".mapping" + ConfigurationDocumentSerializer.Member(name);
            byName.TryGetValue(name, out var field);
            if (field is null)
            {
                problems.Add(new(path, $"Mapping for unknown field '{name}'; add the field to the schema or remove the mapping."));
            }

            CheckFieldMapping(fieldMapping, field, path, problems);
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Role.IsKey()
                && !mapping.ContainsKey(field.Name ?? string.Empty))
            {
                problems.Add(new(tablePath + ".mapping" + ConfigurationDocumentSerializer.Member(field.Name ?? string.Empty),
                    $"Field '{field.Name}' is the {field.Role.Value.ToJsonName()} and is always required, so it must be mapped."));
            }
        }
    }

    private static void CheckFieldMapping(FieldMapping mapping, FieldDefinition? field, string path, List<ConfigurationProblem> problems)
    {
        var sources = (mapping.From.Count > 0 ? 1 : 0) + (mapping.Value is null ? 0 : 1) + (mapping.Template is null ? 0 : 1);
        if (sources != 1)
        {
            problems.Add(new(path, sources == 0
                ? "A mapping needs exactly one of 'from', 'value' or 'template'; it has none."
                : "A mapping needs exactly one of 'from', 'value' or 'template'; it has more than one."));
        }

        for (var i = 0; i < mapping.From.Count; i++)
        {
            if (!MappingPath.TryParse(mapping.From[i], out _, out var error))
            {
                var fromPath = mapping.From.Count == 1 ? path + ".from" : path + ".from" + ConfigurationDocumentSerializer.Index(i);
                problems.Add(new(fromPath, error));
            }
        }

        if (mapping.Template is not null && !MappingTemplate.TryParse(mapping.Template, out _, out var templateError))
        {
            problems.Add(new(path + ".template", templateError));
        }

        if (mapping.Required == false && field?.Role.IsKey() == true)
        {
            problems.Add(new(path + ".required", $"Field '{field.Name}' is the {field.Role.Value.ToJsonName()} and is always required."));
        }

        for (var i = 0; i < mapping.Transforms.Count; i++)
        {
            var transform = mapping.Transforms[i];
            var transformPath = path + ".transforms" + ConfigurationDocumentSerializer.Index(i);
            if (transform.Name == TransformDefinition.MapName)
            {
                if (transform.Map is null || transform.Map.Count == 0)
                {
                    problems.Add(new(transformPath + ".map", "A value translation needs a \"map\" object with at least one \"from\": \"to\" pair."));
                }

                continue;
            }

            if (transform.Map is not null || transform.Else is not null)
            {
                problems.Add(new(transformPath, $"Transform '{transform.Name}' takes no 'map' or 'else'."));
            }

            if (!TransformDefinition.NamedTransforms.Contains(transform.Name))
            {
                problems.Add(new(transformPath,
                    $"Unknown transform '{transform.Name}'; expected one of {string.Join(", ", TransformDefinition.NamedTransforms)} or a {{\"map\": ...}} translation."));
            }
            else if (transform.Name == "truncate" && field is not null && field.Type != FieldType.Text)
            {
                problems.Add(new(transformPath,
                    $"'truncate' cuts text to the field's maxLength, so it only applies to text fields; '{field.Name}' is {field.Type.ToJsonName()}."));
            }
        }
    }
}
