using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Configuration.Versions;

public class PublishPreviewTests
{
    [Fact]
    public async Task PreviewPublish_SavedDraftAgainstLiveVersion_FieldsAddedPerTable()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var draft = (await configurations.GetDraftAsync(IngestionScenario.System, scenario.CustomerId)).Value!.Document;
        var changed = draft with { InternalDataSource = draft.InternalDataSource with { Fields = [.. draft.InternalDataSource.Fields, new("plan", FieldType.Text, 50)] } };
        Assert.True((await configurations.SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, changed, null)).IsOk);

        var preview = (await configurations.PreviewPublishAsync(IngestionScenario.System, scenario.CustomerId)).Value!;

        Assert.Equal(1, preview.LatestVersion);
        Assert.Equal(2, preview.DraftRevision);
        Assert.Empty(preview.Problems);
        Assert.True(preview.HasChanges);
        Assert.Equal("1 field added (plan)", preview.Changes.Single(t => t.Name == "CUSTOMERS").Summary);
        Assert.Equal(ChangeKind.Unchanged, preview.Changes.Single(t => t.Name == "EVENTS").Kind);
    }

    [Fact]
    public async Task Restore_IntoDraft_PublishesNothingAndIsAudited()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var draft = (await configurations.GetDraftAsync(IngestionScenario.System, scenario.CustomerId)).Value!.Document;
        await configurations.SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, draft with { InternalDataSource = draft.InternalDataSource with { Name = "PEOPLE" } }, null);
        await configurations.PublishAsync(IngestionScenario.System, scenario.CustomerId, "people");

        var restored = await configurations.RestoreAsync(IngestionScenario.System, scenario.CustomerId, 1, null);

        Assert.True(restored.IsOk);
        Assert.Null(restored.Value!.Published);
        Assert.Equal("CUSTOMERS", restored.Value.Draft.Document.InternalDataSource.Name);
        Assert.Equal(2, restored.Value.Draft.LatestVersion);
        Assert.True(restored.Value.Draft.HasUnpublishedChanges);
        Assert.Equal(2, (await configurations.ListVersionsAsync(IngestionScenario.System, scenario.CustomerId)).Value!.Count);
        await using var db = scenario.Db();
        Assert.Equal("version 1 into draft revision 3", (await db.AuditEntries.OrderBy(a => a.Id).LastAsync()).Subject);
    }
}
