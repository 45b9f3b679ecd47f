using System.Text.Json;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

/// <summary>Builds small configurations around one field under test.</summary>
internal static class TestConfigurations
{
    public static readonly DateTime ReceivedAt = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>An IDS with customer_id (from userId) and the field under test as <c>value</c>.</summary>
    public static CompiledConfiguration WithIdsField(FieldDefinition field, FieldMapping mapping)
    {
        var document = new ConfigurationDocument
        {
            InternalDataSource = new InternalDataSourceDefinition
            {
                Name = "CUSTOMERS",
                Fields = [new("customer_id", FieldType.Text, 64, FieldRole.PrimaryKey), field],
                Mapping = FieldMappings.Create(("customer_id", FieldMapping.FromPaths("userId")), (field.Name, mapping)),
            },
        };
        return MappingCompiler.Compile(document);
    }

    /// <summary>Maps <paramref name="eventJson"/> (an identify) with a single field under test.</summary>
    public static MappingResult MapIdentify(FieldDefinition field, FieldMapping mapping, string eventJson)
    {
        var compiled = WithIdsField(field, mapping);
        using var document = JsonDocument.Parse(eventJson);
        return compiled.Map(document.RootElement, ReceivedAt);
    }

    /// <summary>Maps an identify whose <c>traits.v</c> is <paramref name="valueJson"/> into a field of the given type.</summary>
    public static MappingResult MapValue(FieldDefinition field, string valueJson, params string[] transforms) =>
        MapIdentify(field,
            FieldMapping.FromPaths("traits.v") with { Transforms = transforms.Select(TransformDefinition.Named).ToList() },
            """{"type":"identify","userId":"u1","traits":{"v":""" + valueJson + "}}");

    public static FieldValue Value(this MappingResult result, string field)
    {
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.True(result.Records[0].TryGetValue(field, out var value), $"{field} is missing");
        return value;
    }

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
