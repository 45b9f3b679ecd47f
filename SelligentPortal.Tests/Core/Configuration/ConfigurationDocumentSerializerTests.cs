using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Core.Configuration;

public class ConfigurationDocumentSerializerTests
{
    private const string Section4Example = """
        {
          "internalDataSource": {
            "name": "CUSTOMERS",
            "fields": [
              { "name": "customer_id", "type": "text", "maxLength": 64, "role": "primaryKey" },
              { "name": "email_address", "type": "email", "role": "email" },
              { "name": "first_name", "type": "text", "maxLength": 100 }
            ],
            "mapping": {
              "customer_id": { "from": "userId" },
              "email_address": { "from": ["traits.email", "context.traits.email"], "transforms": ["trim", "lowercase"] },
              "first_name": { "from": ["traits.firstName", "traits.first_name"] }
            }
          },
          "interactionExtensions": [
            {
              "name": "EVENTS",
              "events": [],
              "fields": [ { "name": "event_id", "type": "text", "maxLength": 100, "role": "primaryKey" } ],
              "mapping": { "event_id": { "from": "messageId" } }
            }
          ]
        }
        """;

    private static ConfigurationProblem[] Problems(string json)
    {
        var result = ConfigurationDocumentSerializer.Parse(json);
        Assert.False(result.Succeeded);
        Assert.Null(result.Document);
        return [.. result.Problems];
    }

    [Fact]
    public void Parse_Section4Example_ReadsEveryPart()
    {
        var result = ConfigurationDocumentSerializer.Parse(Section4Example);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var ids = result.Document!.InternalDataSource;
        Assert.Equal("CUSTOMERS", ids.Name);
        Assert.Equal(new FieldDefinition("customer_id", FieldType.Text, 64, FieldRole.PrimaryKey), ids.Fields[0]);
        Assert.Equal(new FieldDefinition("email_address", FieldType.Email, null, FieldRole.Email), ids.Fields[1]);
        Assert.Equal(["customer_id", "email_address", "first_name"], ids.Mapping.Keys);
        Assert.Equal(["userId"], ids.Mapping["customer_id"].From);
        Assert.Equal(["traits.email", "context.traits.email"], ids.Mapping["email_address"].From);
        Assert.Equal(["trim", "lowercase"], ids.Mapping["email_address"].Transforms.Select(t => t.Name));
        var events = Assert.Single(result.Document.InteractionExtensions);
        Assert.Equal("EVENTS", events.Name);
        Assert.Empty(events.Events);
    }

    [Fact]
    public void Serialize_SeedPreset_RoundTrips()
    {
        var seed = SeedPreset.Create();

        var json = ConfigurationDocumentSerializer.Serialize(seed);
        var parsed = ConfigurationDocumentSerializer.Parse(json);

        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Problems));
        Assert.True(seed.ContentEquals(parsed.Document));
        Assert.Empty(ConfigurationDiff.Compare(seed, parsed.Document!));
        Assert.Equal(json, ConfigurationDocumentSerializer.Serialize(parsed.Document!));
    }

    [Fact]
    public void Serialize_EveryMappingFeature_RoundTrips()
    {
        var json = """
            {
              "internalDataSource": {
                "name": "T",
                "fields": [ { "name": "id", "type": "integer", "role": "primaryKey" }, { "name": "g", "type": "text", "maxLength": 10 } ],
                "mapping": {
                  "id": { "value": 7 },
                  "g": { "template": "{{traits.g}}!", "default": "n/a", "transforms": ["truncate", { "map": { "M": "male", "F": "female" }, "else": "other" }], "required": true }
                }
              },
              "interactionExtensions": []
            }
            """;

        var first = ConfigurationDocumentSerializer.Parse(json).Document!;
        var serialized = ConfigurationDocumentSerializer.Serialize(first);
        var second = ConfigurationDocumentSerializer.Parse(serialized).Document!;

        Assert.True(first.ContentEquals(second));
        var g = second.InternalDataSource.Mapping["g"];
        Assert.Equal("{{traits.g}}!", g.Template);
        Assert.Equal("n/a", g.Default!.Value.GetString());
        Assert.True(g.Required);
        Assert.Equal("male", g.Transforms[1].Map!["M"]);
        Assert.Equal("other", g.Transforms[1].Else);
        Assert.Equal(7, second.InternalDataSource.Mapping["id"].Value!.Value.GetInt32());
    }

    [Fact]
    public void Serialize_Output_IsIndentedCamelCaseSection4Shape()
    {
        var json = ConfigurationDocumentSerializer.Serialize(SeedPreset.Create());

        using var document = JsonDocument.Parse(json);
        Assert.Contains("\n  \"internalDataSource\": {", json, StringComparison.Ordinal);
        var field = document.RootElement.GetProperty("interactionExtensions")[0].GetProperty("fields")[3];
        Assert.Equal("event_timestamp", field.GetProperty("name").GetString());
        Assert.Equal("datetime", field.GetProperty("type").GetString());
        Assert.Equal("eventTimestamp", field.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("internalDataSource").GetProperty("mapping").GetProperty("customer_id").GetProperty("from").ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_IsAProblem(string json)
    {
        Assert.Equal(new ConfigurationProblem("$", "The document is empty."), Assert.Single(Problems(json)));
    }

    [Fact]
    public void Parse_InvalidJson_ReportsLineAndPosition()
    {
        var problem = Assert.Single(Problems("{\n  \"internalDataSource\": {,\n}"));

        Assert.Equal("$", problem.Path);
        Assert.StartsWith("The document is not valid JSON (line 2, position ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAnObject_IsAProblem()
    {
        Assert.Equal(new ConfigurationProblem("$", "Expected the configuration document (a JSON object), found a list."), Assert.Single(Problems("[]")));
    }

    [Fact]
    public void Parse_UnknownFieldType_NamesTheChoices()
    {
        var json = Section4Example.Replace("\"type\": \"email\"", "\"type\": \"strng\"", StringComparison.Ordinal);

        var problem = Assert.Single(Problems(json));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[1].type",
            "Unknown field type 'strng'; expected one of text, integer, float, date, datetime, email, sms."), problem);
    }

    [Fact]
    public void Parse_UnknownRole_NamesTheChoices()
    {
        var json = Section4Example.Replace("\"role\": \"email\"", "\"role\": \"PrimaryKey\"", StringComparison.Ordinal);

        var problem = Assert.Single(Problems(json));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[1].role",
            "Unknown field role text 'PrimaryKey'; expected one of primaryKey, email, recipientKey, eventType, eventTimestamp."), problem);
    }

    [Fact]
    public void Parse_UnknownProperties_AreProblems()
    {
        var json = Section4Example
            .Replace("\"name\": \"CUSTOMERS\",", "\"name\": \"CUSTOMERS\", \"color\": \"red\",", StringComparison.Ordinal)
            .Replace("{ \"from\": \"userId\" }", "{ \"from\": \"userId\", \"form\": \"x\" }", StringComparison.Ordinal);

        var problems = Problems(json);

        Assert.Equal(
            [
                new ConfigurationProblem("$.internalDataSource.color", "Unknown property 'color'; expected one of name, fields, mapping."),
                new ConfigurationProblem("$.internalDataSource.mapping.customer_id.form",
                    "Unknown property 'form'; expected one of from, value, template, default, transforms, required."),
            ],
            problems);
    }

    [Fact]
    public void Parse_WrongTypes_AreProblemsWithPaths()
    {
        var json = """
            {
              "internalDataSource": {
                "name": 5,
                "fields": [ { "name": "id", "type": "text", "maxLength": "64" }, "oops" ],
                "mapping": { "id": { "from": [1], "transforms": [3], "required": "yes" } }
              },
              "interactionExtensions": {}
            }
            """;

        var problems = Problems(json);

        Assert.Equal(
            [
                "$.internalDataSource.name",
                "$.internalDataSource.fields[0].maxLength",
                "$.internalDataSource.fields[1]",
                "$.internalDataSource.mapping.id.from[0]",
                "$.internalDataSource.mapping.id.required",
                "$.internalDataSource.mapping.id.transforms[0]",
                "$.interactionExtensions",
            ],
            problems.Select(p => p.Path));
        Assert.Equal("The table name must be text, not the number 5.", problems[0].Message);
    }

    [Fact]
    public void Parse_MissingInternalDataSource_IsAProblem()
    {
        Assert.Equal(new ConfigurationProblem("$.internalDataSource", "The internal data source is missing."),
            Assert.Single(Problems("""{ "interactionExtensions": [] }""")));
    }

    [Fact]
    public void Parse_MapTransformWithNonTextValue_IsAProblem()
    {
        var json = Section4Example.Replace("\"transforms\": [\"trim\", \"lowercase\"]", "\"transforms\": [{ \"map\": { \"a\": 1 } }]", StringComparison.Ordinal);

        var problem = Assert.Single(Problems(json));

        Assert.Equal("$.internalDataSource.mapping.email_address.transforms[0].map.a", problem.Path);
    }

    [Fact]
    public void Parse_UnknownTransformName_IsLeftForTheValidator()
    {
        var json = ConfigurationDocumentSerializer.Serialize(SeedPreset.Create()).Replace("\"trim\"", "\"capitalize\"", StringComparison.Ordinal);

        var result = ConfigurationDocumentSerializer.Parse(json);

        Assert.True(result.Succeeded);
        Assert.Equal("$.internalDataSource.mapping.email_address.transforms[0]", Assert.Single(ConfigurationValidator.Validate(result.Document!)).Path);
    }
}
