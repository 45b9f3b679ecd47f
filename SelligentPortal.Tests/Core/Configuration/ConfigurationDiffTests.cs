using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Core.Configuration;

public class ConfigurationDiffTests
{
    private static readonly ConfigurationDocument Seed = SeedPreset.Create();

    [Fact]
    public void Compare_SameContent_HasNoChanges()
    {
        Assert.Empty(ConfigurationDiff.Compare(Seed, SeedPreset.Create()));
    }

    [Fact]
    public void Compare_FieldAdded_IsReportedWithItsJson()
    {
        var after = Seed with
        {
            InternalDataSource = Seed.InternalDataSource with { Fields = [.. Seed.InternalDataSource.Fields, new FieldDefinition("birthday", FieldType.Date)] },
        };

        var change = Assert.Single(ConfigurationDiff.Compare(Seed, after));

        Assert.Equal(new ConfigurationChange("$.internalDataSource.fields.birthday", "added", null, """{"name":"birthday","type":"date"}"""), change);
    }

    [Fact]
    public void Compare_FieldRemovedWithItsMapping_ReportsBoth()
    {
        var after = Seed with
        {
            InternalDataSource = Seed.InternalDataSource with
            {
                Fields = Seed.InternalDataSource.Fields.Where(f => f.Name != "country").ToList(),
                Mapping = FieldMappings.Create(Seed.InternalDataSource.Mapping.Where(m => m.Key != "country")),
            },
        };

        var changes = ConfigurationDiff.Compare(Seed, after);

        Assert.Equal(
            [
                new ConfigurationChange("$.internalDataSource.fields.country", "removed", """{"name":"country","type":"text","maxLength":100}""", null),
                new ConfigurationChange("$.internalDataSource.mapping.country", "removed", """{"from":"traits.address.country"}""", null),
            ],
            changes);
    }

    [Fact]
    public void Compare_MappingChanged_ShowsBeforeAndAfter()
    {
        var mapping = FieldMappings.Create(Seed.InteractionExtensions[0].Mapping
            .Select(m => m.Key == "channel" ? new KeyValuePair<string, FieldMapping>(m.Key, new FieldMapping { Value = Json("\"web\"") }) : m));
        var after = Seed with { InteractionExtensions = [Seed.InteractionExtensions[0] with { Mapping = mapping }] };

        var change = Assert.Single(ConfigurationDiff.Compare(Seed, after));

        Assert.Equal(new ConfigurationChange("$.interactionExtensions.EVENTS.mapping.channel", "changed",
            """{"from":["channel","context.channel"]}""", """{"value":"web"}"""), change);
    }

    [Fact]
    public void Compare_FieldTypeChanged_IsChanged()
    {
        var after = Seed with
        {
            InternalDataSource = Seed.InternalDataSource with
            {
                Fields = Seed.InternalDataSource.Fields.Select(f => f.Name == "address_zip" ? f with { MaxLength = 10 } : f).ToList(),
            },
        };

        var change = Assert.Single(ConfigurationDiff.Compare(Seed, after));

        Assert.Equal("$.internalDataSource.fields.address_zip", change.Path);
        Assert.Equal("changed", change.Kind);
    }

    [Fact]
    public void Compare_FieldsReordered_ReportsFieldOrder()
    {
        var after = Seed with { InternalDataSource = Seed.InternalDataSource with { Fields = Seed.InternalDataSource.Fields.Reverse().ToList() } };

        var change = Assert.Single(ConfigurationDiff.Compare(Seed, after));

        Assert.Equal("$.internalDataSource.fieldOrder", change.Path);
        Assert.Equal("changed", change.Kind);
    }

    [Fact]
    public void Compare_ExtensionAddedAndRemoved_IsReportedByName()
    {
        var after = Seed with { InteractionExtensions = [Seed.InteractionExtensions[0] with { Name = "PURCHASES", Events = ["Order Completed"] }] };

        var changes = ConfigurationDiff.Compare(Seed, after);

        Assert.Equal([("$.interactionExtensions.EVENTS", "removed"), ("$.interactionExtensions.PURCHASES", "added")], changes.Select(c => (c.Path, c.Kind)));
    }

    [Fact]
    public void Compare_EventFilterChanged_IsChanged()
    {
        var after = Seed with { InteractionExtensions = [Seed.InteractionExtensions[0] with { Events = ["Order Completed"] }] };

        var change = Assert.Single(ConfigurationDiff.Compare(Seed, after));

        Assert.Equal(new ConfigurationChange("$.interactionExtensions.EVENTS.events", "changed", "[]", """["Order Completed"]"""), change);
    }

    private static System.Text.Json.JsonElement Json(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
