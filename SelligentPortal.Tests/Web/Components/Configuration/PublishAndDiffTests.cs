using Microsoft.Extensions.DependencyInjection;
using Bunit;
using MudBlazor;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Web.Components.Configuration;

public class PublishAndDiffTests
{
    [Fact]
    public async Task PublishDialog_WithProblems_ListsThemAndRefuses()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var document = SeedPreset.Create();
        var workspace = new ConfigurationWorkspace(document);
        workspace.Form.InternalDataSource.Fields[0].Role = null;
        workspace.Form.InternalDataSource.Fields[2].Name = "1st";
        workspace.Revalidate();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var asking = provider.InvokeAsync(() => PublishDialog.AskAsync(dialogs, workspace.Problems, unsaved: true, latestVersion: null));

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=publish-problem]")));
        var listed = provider.FindAll("[data-testid=publish-problem]").Select(e => e.TextContent).ToList();
        Assert.Equal(workspace.Problems.Count, listed.Count);
        Assert.Contains(listed, t => t.Contains("$.internalDataSource.fields[2].name", StringComparison.Ordinal));
        Assert.Contains(listed, t => t.Contains("primaryKey", StringComparison.Ordinal));
        Assert.True(provider.Find("button[data-testid=publish-confirm]").HasAttribute("disabled"));
        Assert.Empty(provider.FindAll("[data-testid=publish-note]"));

        provider.Find("button[data-testid=publish-cancel]").Click();
        Assert.Null(await asking);
    }

    [Fact]
    public async Task PublishDialog_Valid_ReturnsTheNote()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var asking = provider.InvokeAsync(() => PublishDialog.AskAsync(dialogs, [], unsaved: false, latestVersion: 3));

        provider.WaitForAssertion(() => Assert.Contains("version 4", provider.Find("[data-testid=publish-valid]").TextContent));
        provider.Find("textarea[data-testid=publish-note]").Input("New plan field");
        provider.Find("button[data-testid=publish-confirm]").Click();
        Assert.Equal("New plan field", await asking);
    }

    [Fact]
    public async Task ConfigurationDiffTable_TwoVersions_RendersEveryChangeWithBeforeAndAfter()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var before = SeedPreset.Create();
        var workspace = new ConfigurationWorkspace(before);
        workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "first_name").MaxLength = 50;
        var added = workspace.Form.InternalDataSource.AddField();
        added.Name = "plan";
        added.Mapping = MappingForm.FromPaths("traits.plan");
        workspace.Form.InternalDataSource.Fields.RemoveAll(f => f.Name == "country");
        workspace.Revalidate();
        var changes = ConfigurationDiff.Compare(before, workspace.Document);

        var cut = ctx.Render<ConfigurationDiffTable>(p => p.Add(t => t.Changes, changes));

        var rows = cut.FindAll("[data-testid=diff-row]");
        Assert.Equal(changes.Count, rows.Count);
        var changed = rows.Single(r => r.TextContent.Contains("$.internalDataSource.fields.first_name", StringComparison.Ordinal));
        Assert.Equal("changed", changed.QuerySelector("[data-testid=diff-kind]")!.TextContent.Trim());
        Assert.Contains("\"maxLength\":100", changed.QuerySelector("[data-testid=diff-before]")!.TextContent);
        Assert.Contains("\"maxLength\":50", changed.QuerySelector("[data-testid=diff-after]")!.TextContent);
        Assert.Contains(rows, r => r.TextContent.Contains("$.internalDataSource.mapping.plan", StringComparison.Ordinal) && r.TextContent.Contains("added", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.TextContent.Contains("$.internalDataSource.fields.country", StringComparison.Ordinal) && r.TextContent.Contains("removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigurationDiffTable_NoChanges_SaysIdentical()
    {
        await using var ctx = ConfigurationComponentContext.Create();

        var cut = ctx.Render<ConfigurationDiffTable>(p => p.Add(t => t.Changes, []));

        Assert.Contains("identical", cut.Find("[data-testid=diff-empty]").TextContent);
    }
}
