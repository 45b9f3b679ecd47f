using System.Text.Json;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

public class FieldPreviewTests
{
    private static readonly DateTime ReceivedAt = TestConfigurations.ReceivedAt;

    [Fact]
    public void Preview_IdentifyThatFails_EveryMappedFieldWithItsValueOrReason()
    {
        var document = SeedPreset.Create();
        var compiled = MappingCompiler.Compile(document with
        {
            InternalDataSource = document.InternalDataSource with
            {
                Mapping = FieldMappings.Create(document.InternalDataSource.Mapping.Select(m => m.Key switch
                {
                    "last_name" => KeyValuePair.Create(m.Key, m.Value with { Required = true }),
                    "address_city" => KeyValuePair.Create(m.Key, m.Value with { Transforms = [TransformDefinition.Named("digits")] }),
                    _ => m,
                })),
            },
        });
        using var identify = JsonDocument.Parse("""{"type":"identify","userId":"u-1","traits":{"email":"not an email","firstName":"Ann","address":{"city":"Ghent"}}}""");

        var previews = compiled.Preview(identify.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, compiled.Map(identify.RootElement, ReceivedAt).Outcome);
        Assert.Equal(document.InternalDataSource.Fields.Select(f => f.Name), previews.Select(p => p.Field));
        Assert.All(previews, p => Assert.Equal("CUSTOMERS", p.Table));
        var byField = previews.ToDictionary(p => p.Field);
        Assert.Equal((FieldPreviewStatus.Value, "u-1"), (byField["customer_id"].Status, byField["customer_id"].Value!.Value.AsString()));
        Assert.Equal("Ann", byField["first_name"].Value!.Value.AsString());
        Assert.Equal(FieldPreviewStatus.Failed, byField["email_address"].Status);
        Assert.Contains("not a valid email address", byField["email_address"].Reason, StringComparison.Ordinal);
        Assert.Equal((FieldPreviewStatus.Failed, "a value is required but the event has none"), (byField["last_name"].Status, byField["last_name"].Reason));
        Assert.Equal((FieldPreviewStatus.NoValue, "none of its paths is present"), (byField["address_street_2"].Status, byField["address_street_2"].Reason));
        Assert.Equal((FieldPreviewStatus.NoValue, "its path is not present"), (byField["country"].Status, byField["country"].Reason));
        Assert.Equal((FieldPreviewStatus.NoValue, "empty after the transforms"), (byField["address_city"].Status, byField["address_city"].Reason));
    }

    [Fact]
    public void Preview_TrackAndSkippedCalls_OnlyTheTablesTheEventReaches()
    {
        var compiled = MappingCompiler.Compile(SeedPreset.Create());
        using var track = JsonDocument.Parse("""{"type":"track","event":"Signed Up","userId":"u-1","messageId":"m-1"}""");
        using var page = JsonDocument.Parse("""{"type":"page","userId":"u-1"}""");

        Assert.All(compiled.Preview(track.RootElement, ReceivedAt), p => Assert.Equal("EVENTS", p.Table));
        Assert.Equal("m-1", compiled.Preview(track.RootElement, ReceivedAt).Single(p => p.Field == "event_id").Value!.Value.AsString());
        Assert.Empty(compiled.Preview(page.RootElement, ReceivedAt));
    }
}
