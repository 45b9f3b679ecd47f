using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Core.Configuration;

public class ConfigurationComparisonTests
{
    [Fact]
    public void Compare_TablesAddedRemovedAndRenamed_SummariesSayWhat()
    {
        var before = SeedPreset.Create();
        var orders = new InteractionExtensionDefinition { Name = "ORDERS", Fields = before.InteractionExtensions[0].Fields, Mapping = before.InteractionExtensions[0].Mapping };
        var after = before with
        {
            InternalDataSource = before.InternalDataSource with { Name = "PEOPLE", Fields = [.. before.InternalDataSource.Fields.Reverse()] },
            InteractionExtensions = [orders],
        };

        var tables = ConfigurationComparison.Compare(before, after);

        Assert.Equal(["PEOPLE", "ORDERS", "EVENTS"], tables.Select(t => t.Name));
        Assert.Equal("renamed from CUSTOMERS, fields reordered", tables[0].Summary);
        Assert.Equal((ChangeKind.Added, "added, 8 fields"), (tables[1].Kind, tables[1].Summary));
        Assert.Equal((ChangeKind.Removed, "removed, 8 fields"), (tables[2].Kind, tables[2].Summary));
    }

    [Fact]
    public void Compare_NothingPublished_EveryTableAdded()
    {
        var tables = ConfigurationComparison.Compare(null, SeedPreset.Create());

        Assert.All(tables, t => Assert.Equal(ChangeKind.Added, t.Kind));
        Assert.All(tables.SelectMany(t => t.Fields), f => Assert.Equal(ChangeKind.Added, f.Kind));
    }

    [Fact]
    public void Compare_MappingAndEventFilterChanged_FieldChangedOnlyByItsMapping()
    {
        var before = SeedPreset.Create();
        var events = before.InteractionExtensions[0];
        var after = before with
        {
            InteractionExtensions =
            [
                events with
                {
                    Events = ["Order Completed"],
                    Mapping = FieldMappings.Create(events.Mapping.Select(m => m.Key == "channel" ? KeyValuePair.Create(m.Key, m.Value with { Required = true }) : m)),
                },
            ],
        };

        var table = ConfigurationComparison.Compare(before, after)[1];

        var channel = Assert.Single(table.Changed);
        Assert.Equal((false, true), (channel.DefinitionChanged, channel.MappingChanged));
        Assert.Equal("1 field changed (channel), event filter changed", table.Summary);
        Assert.Equal("channel, else context.channel · required", ConfigurationComparison.Describe(channel.MappingAfter));
        Assert.Equal("text(64) · Recipient key", ConfigurationComparison.Describe(events.Fields[1]));
    }
}
