using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Records;

public class FieldLineageTests
{
    [Fact]
    public async Task FieldWriters_EventsOfTwoVersionsAndAnOlderOne_EachFieldTracedToItsEventAndVersion()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        await scenario.PostBatchAsync(null, Identify("a", "2026-12-01T10:00:00Z", new { email = "ann@example.com", firstName = "Ann" }));
        var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var draft = (await configurations.GetDraftAsync(IngestionScenario.System, scenario.CustomerId)).Value!.Document;
        var ids = draft.InternalDataSource;
        var withPlan = draft with
        {
            InternalDataSource = ids with
            {
                Fields = [.. ids.Fields, new("plan", FieldType.Text, 20)],
                Mapping = FieldMappings.Create(ids.Mapping.Append(KeyValuePair.Create("plan", FieldMapping.FromPaths("traits.plan")))),
            },
        };
        Assert.True((await configurations.SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, withPlan, null)).IsOk);
        Assert.True((await configurations.PublishAsync(IngestionScenario.System, scenario.CustomerId, "plan")).IsOk);
        await scenario.PostBatchAsync(null, Identify("b", "2026-12-02T10:00:00Z", new { plan = "gold" }));
        // Older than the record's last event: it only fills what is empty.
        await scenario.PostBatchAsync(null, Identify("c", "2026-11-30T10:00:00Z", new { firstName = "Old", address = new { country = "BE" } }));
        var queries = scenario.Factory.Services.GetRequiredService<RecordQueries>();
        var detail = (await queries.GetIdsAsync(IngestionScenario.System, scenario.CustomerId, "ann")).Value!;

        var writers = (await scenario.Factory.Services.GetRequiredService<FieldLineageQuery>().GetAsync(IngestionScenario.System, scenario.CustomerId, detail))
            .ToDictionary(w => w.Field, w => (w.Event!.MessageId, w.Event.ConfigurationVersion));

        Assert.Equal("Ann", detail.Record.Fields.GetProperty("first_name").GetString());
        Assert.Equal(("a", (int?)1), writers["first_name"]);
        Assert.Equal(("a", (int?)1), writers["email_address"]);
        Assert.Equal(("b", (int?)2), writers["plan"]);
        Assert.Equal(("c", (int?)2), writers["country"]);
    }

    private static string Identify(string messageId, string timestamp, object traits) =>
        JsonSerializer.Serialize(new { type = "identify", messageId, userId = "ann", timestamp, traits });
}
