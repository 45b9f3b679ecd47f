using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Core.Configuration;

public class ConfigurationValidatorTests
{
    private static readonly ConfigurationDocument Seed = SeedPreset.Create();
    private static readonly InteractionExtensionDefinition Events = Seed.InteractionExtensions[0];

    private static ConfigurationDocument WithIds(IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, FieldMapping>? mapping = null) =>
        Seed with { InternalDataSource = Seed.InternalDataSource with { Fields = fields, Mapping = mapping ?? Seed.InternalDataSource.Mapping } };

    private static ConfigurationDocument WithEvents(InteractionExtensionDefinition extension) => Seed with { InteractionExtensions = [extension] };

    private static ConfigurationDocument WithIdsMapping(string field, FieldMapping mapping)
    {
        var pairs = Seed.InternalDataSource.Mapping.Where(p => p.Key != field).Append(new(field, mapping));
        return Seed with { InternalDataSource = Seed.InternalDataSource with { Mapping = FieldMappings.Create(pairs) } };
    }

    private static ConfigurationProblem Single(ConfigurationDocument document) => Assert.Single(ConfigurationValidator.Validate(document));

    [Fact]
    public void Validate_SeedPreset_HasNoProblems()
    {
        Assert.Empty(ConfigurationValidator.Validate(Seed));
    }

    [Fact]
    public void Validate_MissingPrimaryKey_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Select(f => f with { Role = f.Role == FieldRole.PrimaryKey ? null : f.Role }).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields",
            "The internal data source needs exactly one primaryKey field (text or integer); there is none."), problem);
    }

    [Fact]
    public void Validate_TwoPrimaryKeys_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Select(f => f.Name == "first_name" ? f with { Role = FieldRole.PrimaryKey } : f).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal("$.internalDataSource.fields[2].role", problem.Path);
        Assert.Equal("The internal data source has more than one primaryKey field ('first_name' is another).", problem.Message);
    }

    [Fact]
    public void Validate_PrimaryKeyOfWrongType_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Select(f => f.Name == "customer_id" ? f with { Type = FieldType.Email, MaxLength = null } : f).ToList();

        var problems = ConfigurationValidator.Validate(WithIds(fields));

        Assert.Contains(new ConfigurationProblem("$.internalDataSource.fields[0].role", "The primary key 'customer_id' must be text or integer, not email."), problems);
    }

    [Fact]
    public void Validate_TwoEmailFields_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition("email_2", FieldType.Email, null, FieldRole.Email)).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[10].role",
            "The internal data source can have at most one email field ('email_2' is another)."), problem);
    }

    [Fact]
    public void Validate_EmailRoleOnTextField_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Select(f => f.Name == "email_address" ? f with { Type = FieldType.Text, MaxLength = 200 } : f).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[1].role",
            "The email role needs a field of type email; 'email_address' is text."), problem);
    }

    [Fact]
    public void Validate_TwoRecipientKeys_IsReported()
    {
        var extension = Events with { Fields = Events.Fields.Select(f => f.Name == "plan_name" ? f with { MaxLength = 64, Role = FieldRole.RecipientKey } : f).ToList() };

        var problem = Single(WithEvents(extension));

        Assert.Equal(new ConfigurationProblem("$.interactionExtensions[0].fields[6].role",
            "An interaction extension has exactly one recipientKey field ('plan_name' is another)."), problem);
    }

    [Fact]
    public void Validate_RecipientKeyTypeDiffersFromIdsKey_IsReported()
    {
        var extension = Events with { Fields = Events.Fields.Select(f => f.Name == "customer_id" ? f with { Type = FieldType.Integer, MaxLength = null } : f).ToList() };

        var problem = Single(WithEvents(extension));

        Assert.Equal(new ConfigurationProblem("$.interactionExtensions[0].fields[1].role",
            "The recipient key 'customer_id' is integer but the internal data source's primary key 'customer_id' is text; they must have the same type."), problem);
    }

    [Fact]
    public void Validate_ExtensionWithoutKeyRoles_ListsEveryMissingRole()
    {
        var extension = Events with { Fields = Events.Fields.Select(f => f with { Role = null }).ToList() };

        var problems = ConfigurationValidator.Validate(WithEvents(extension));

        Assert.Equal(
            [
                "An interaction extension needs exactly one primaryKey field; there is none.",
                "An interaction extension needs exactly one recipientKey field; there is none.",
                "An interaction extension needs exactly one eventType field; there is none.",
                "An interaction extension needs exactly one eventTimestamp field; there is none.",
            ],
            problems.Select(p => p.Message));
        Assert.All(problems, p => Assert.Equal("$.interactionExtensions[0].fields", p.Path));
    }

    [Fact]
    public void Validate_EventTimestampNotDatetime_IsReported()
    {
        var extension = Events with { Fields = Events.Fields.Select(f => f.Name == "event_timestamp" ? f with { Type = FieldType.Date } : f).ToList() };

        var problem = Single(WithEvents(extension));

        Assert.Equal(new ConfigurationProblem("$.interactionExtensions[0].fields[3].role", "The event timestamp 'event_timestamp' must be datetime, not date."), problem);
    }

    [Fact]
    public void Validate_ExtensionRoleInIds_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Select(f => f.Name == "country" ? f with { Role = FieldRole.EventType } : f).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal("$.internalDataSource.fields[9].role", problem.Path);
    }

    [Theory]
    [InlineData("1st_name")]
    [InlineData("first name")]
    [InlineData("_first")]
    [InlineData("prénom")]
    [InlineData("")]
    public void Validate_BadFieldName_IsReported(string name)
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition(name, FieldType.Integer)).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[10].name",
            $"Field name '{name}' is not valid: start with a letter, then up to 63 letters, digits or underscores."), problem);
    }

    [Fact]
    public void Validate_FieldNameOf65Characters_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition("a" + new string('b', 64), FieldType.Integer)).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal("$.internalDataSource.fields[10].name", problem.Path);
    }

    [Fact]
    public void Validate_DuplicateNamesIgnoringCase_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition("First_Name", FieldType.Text, 10)).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[10].name",
            "Field name 'First_Name' is already used by field 3 ('first_name'); names are compared ignoring case."), problem);
    }

    [Fact]
    public void Validate_DuplicateTableNamesIgnoringCase_IsReported()
    {
        var document = Seed with { InteractionExtensions = [Events, Events with { Name = "events" }] };

        var problem = Single(document);

        Assert.Equal(new ConfigurationProblem("$.interactionExtensions[1].name",
            "Table name 'events' is used twice (names are compared ignoring case)."), problem);
    }

    [Fact]
    public void Validate_BadTableName_IsReported()
    {
        var document = Seed with { InternalDataSource = Seed.InternalDataSource with { Name = "MY CUSTOMERS" } };

        var problem = Single(document);

        Assert.Equal("$.internalDataSource.name", problem.Path);
    }

    [Theory]
    [InlineData(null, "Text field 'notes' needs a maxLength (1 to 4000).")]
    [InlineData(0, "The maxLength of 'notes' must be between 1 and 4000, not 0.")]
    [InlineData(4001, "The maxLength of 'notes' must be between 1 and 4000, not 4001.")]
    public void Validate_TextMaxLength_IsChecked(int? maxLength, string message)
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition("notes", FieldType.Text, maxLength)).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[10].maxLength", message), problem);
    }

    [Fact]
    public void Validate_MaxLengthOnNonText_IsReported()
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition("age", FieldType.Integer, 3)).ToList();

        var problem = Single(WithIds(fields));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.fields[10].maxLength", "Only text fields have a maxLength; 'age' is integer."), problem);
    }

    [Fact]
    public void Validate_MappingForUnknownField_IsReported()
    {
        var problem = Single(WithIdsMapping("nickname", FieldMapping.FromPaths("traits.nickname")));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.mapping.nickname",
            "Mapping for unknown field 'nickname'; add the field to the schema or remove the mapping."), problem);
    }

    [Fact]
    public void Validate_BothFromAndValue_IsReported()
    {
        var problem = Single(WithIdsMapping("first_name", FieldMapping.FromPaths("traits.firstName") with { Value = Json("\"x\"") }));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.mapping.first_name",
            "A mapping needs exactly one of 'from', 'value' or 'template'; it has more than one."), problem);
    }

    [Fact]
    public void Validate_NoSource_IsReported()
    {
        var problem = Single(WithIdsMapping("first_name", new FieldMapping()));

        Assert.Equal("A mapping needs exactly one of 'from', 'value' or 'template'; it has none.", problem.Message);
    }

    [Fact]
    public void Validate_UnknownTransform_IsReported()
    {
        var problem = Single(WithIdsMapping("first_name", FieldMapping.FromPaths("traits.firstName") with
        {
            Transforms = [TransformDefinition.Named("trim"), TransformDefinition.Named("capitalize")],
        }));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.mapping.first_name.transforms[1]",
            "Unknown transform 'capitalize'; expected one of trim, lowercase, uppercase, truncate, digits, sha256 or a {\"map\": ...} translation."), problem);
    }

    [Fact]
    public void Validate_MapTransformWithoutEntries_IsReported()
    {
        var problem = Single(WithIdsMapping("first_name", FieldMapping.FromPaths("traits.firstName") with
        {
            Transforms = [TransformDefinition.ValueMap(new Dictionary<string, string>())],
        }));

        Assert.Equal("$.internalDataSource.mapping.first_name.transforms[0].map", problem.Path);
    }

    [Fact]
    public void Validate_TruncateOnNonText_IsReported()
    {
        var problem = Single(WithIdsMapping("email_address", FieldMapping.FromPaths("traits.email") with { Transforms = [TransformDefinition.Named("truncate")] }));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.mapping.email_address.transforms[0]",
            "'truncate' cuts text to the field's maxLength, so it only applies to text fields; 'email_address' is email."), problem);
    }

    [Fact]
    public void Validate_UnparsablePath_IsReportedWithPosition()
    {
        var problem = Single(WithIdsMapping("first_name", FieldMapping.FromPaths("traits.firstName", "traits..first_name")));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.mapping.first_name.from[1]",
            "Expected a property name but found '.' at position 8 of 'traits..first_name'."), problem);
    }

    [Fact]
    public void Validate_UnparsableTemplate_IsReported()
    {
        var problem = Single(WithIdsMapping("first_name", new FieldMapping { Template = "{{traits.firstName" }));

        Assert.Equal(new ConfigurationProblem("$.internalDataSource.mapping.first_name.template",
            "The placeholder opened at position 1 is not closed with '}}'."), problem);
    }

    [Fact]
    public void Validate_RequiredFieldUnmapped_IsReported()
    {
        var mapping = FieldMappings.Create(Events.Mapping.Where(p => p.Key != "event_timestamp"));

        var problem = Single(WithEvents(Events with { Mapping = mapping }));

        Assert.Equal(new ConfigurationProblem("$.interactionExtensions[0].mapping.event_timestamp",
            "Field 'event_timestamp' is the eventTimestamp and is always required, so it must be mapped."), problem);
    }

    [Fact]
    public void Validate_KeyRoleMarkedNotRequired_IsReported()
    {
        var problem = Single(WithIdsMapping("customer_id", FieldMapping.FromPaths("userId") with { Required = false }));

        Assert.Equal("$.internalDataSource.mapping.customer_id.required", problem.Path);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOne()
    {
        var fields = Seed.InternalDataSource.Fields.Append(new FieldDefinition("bad name", FieldType.Text)).ToList();
        var document = WithIds(fields, FieldMappings.Create(Seed.InternalDataSource.Mapping.Where(p => p.Key != "customer_id")));

        var problems = ConfigurationValidator.Validate(document);

        Assert.Equal(
            ["$.internalDataSource.fields[10].name", "$.internalDataSource.fields[10].maxLength", "$.internalDataSource.mapping.customer_id"],
            problems.Select(p => p.Path));
    }

    private static System.Text.Json.JsonElement Json(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
