using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Configuration;

public class PublishAndDiffTests
{
    /// <summary>The seed with first_name shortened, a mapped plan field added and country removed.</summary>
    private static ConfigurationDocument Changed()
    {
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "first_name").MaxLength = 50;
        var added = workspace.Form.InternalDataSource.AddField();
        added.Name = "plan";
        added.Mapping = MappingForm.FromPaths("traits.plan");
        workspace.Form.InternalDataSource.Fields.RemoveAll(f => f.Name == "country");
        workspace.Revalidate();
        return workspace.Document;
    }

    private static PublishPreview Preview(ConfigurationDocument? live, ConfigurationDocument draft, int? latest = 3) =>
        new(7, latest, ConfigurationComparison.Compare(live, draft), ConfigurationValidator.Validate(draft));

    private static Task<string?> Ask(IRenderedComponent<MudDialogProvider> provider, BunitContext ctx, PublishPreview preview, int unsavedProblems = 0) =>
        provider.InvokeAsync(() => PublishDialog.AskAsync(ctx.Services.GetRequiredService<IDialogService>(), preview,
            ConfigurationForm.FromDocument(SeedPreset.Create()), unsavedProblems));

    [Fact]
    public async Task PublishDialog_ChangesAgainstLiveVersion_ListedPerTableAndField()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var asking = Ask(provider, ctx, Preview(SeedPreset.Create(), Changed()));

        provider.WaitForAssertion(() => Assert.Contains("version 4", provider.Find("[data-testid=publish-valid]").TextContent));
        Assert.Contains("revision 7", provider.Find("[data-testid=publish-valid]").TextContent);
        var table = provider.Find("[data-testid=publish-changes] [data-testid=diff-table][data-table=CUSTOMERS]");
        Assert.Equal("1 field added (plan), 1 field removed (country), 1 field changed (first_name)", table.QuerySelector("[data-testid=diff-summary]")!.TextContent);
        Assert.Equal(["first_name", "plan", "country"], table.QuerySelectorAll("[data-testid=diff-row]").Select(r => r.GetAttribute("data-field")));
        Assert.Empty(provider.FindAll("[data-testid=diff-table][data-table=EVENTS]"));
        provider.Find("textarea[data-testid=publish-note]").Input("Plan field");
        provider.Find("button[data-testid=publish-confirm]").Click();
        Assert.Equal("Plan field", await asking);
    }

    [Fact]
    public async Task PublishDialog_UnsavedEditsWithProblems_SaysSoButPublishesTheSavedDraft()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var asking = Ask(provider, ctx, Preview(SeedPreset.Create(), SeedPreset.Create()), unsavedProblems: 2);

        provider.WaitForAssertion(() => Assert.Contains("2 problems and are not included", provider.Find("[data-testid=publish-unsaved]").TextContent));
        Assert.Empty(provider.FindAll("[data-testid=publish-problems]"));
        Assert.Contains("the same as version 3", provider.Find("[data-testid=diff-empty]").TextContent);
        Assert.False(provider.Find("button[data-testid=publish-confirm]").HasAttribute("disabled"));
        provider.Find("button[data-testid=publish-confirm]").Click();
        Assert.Equal("", await asking);
    }

    [Fact]
    public async Task PublishDialog_SavedDraftWithProblems_ListsThemInWordsAndRefuses()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        workspace.Form.InternalDataSource.Fields[0].Role = null;
        workspace.Form.InternalDataSource.Fields[2].Name = "1st";
        workspace.Revalidate();

        var asking = Ask(provider, ctx, Preview(SeedPreset.Create(), workspace.Document));

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=publish-problem]")));
        var listed = provider.FindAll("[data-testid=publish-problem]").Select(e => e.TextContent).ToList();
        Assert.Equal(workspace.Problems.Count, listed.Count);
        Assert.Contains(listed, t => t.StartsWith("CUSTOMERS, field 3 (first_name), name:", StringComparison.Ordinal));
        Assert.Contains(listed, t => t.Contains("primary key", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, t => t.Contains("$.", StringComparison.Ordinal) || t.Contains("primaryKey", StringComparison.Ordinal));
        Assert.True(provider.Find("button[data-testid=publish-confirm]").HasAttribute("disabled"));
        provider.Find("button[data-testid=publish-cancel]").Click();
        Assert.Null(await asking);
    }

    [Fact]
    public async Task ComparisonView_TwoVersions_SideBySideInWordsNotJson()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<ComparisonView>(p => p
            .Add(t => t.Tables, ConfigurationComparison.Compare(SeedPreset.Create(), Changed()))
            .Add(t => t.BeforeLabel, "Version 1").Add(t => t.AfterLabel, "Version 2"));

        Assert.Equal(["Field", "Version 1", "Version 2"], cut.FindAll("th").Select(th => th.TextContent));
        var changed = cut.Find("[data-testid=diff-row][data-field=first_name]");
        Assert.Equal("changed", changed.GetAttribute("data-kind"));
        Assert.StartsWith("text(100)", changed.QuerySelector("[data-testid=diff-before]")!.TextContent);
        Assert.StartsWith("text(50)", changed.QuerySelector("[data-testid=diff-after]")!.TextContent);
        Assert.Contains("traits.firstName, else traits.first_name", changed.QuerySelector("[data-testid=diff-after]")!.TextContent);
        var added = cut.Find("[data-testid=diff-row][data-field=plan]");
        Assert.Equal("—", added.QuerySelector("[data-testid=diff-before]")!.TextContent.Trim());
        Assert.Contains("traits.plan", added.QuerySelector("[data-testid=diff-after]")!.TextContent);
        Assert.Equal("removed", cut.Find("[data-testid=diff-row][data-field=country]").GetAttribute("data-kind"));
        Assert.DoesNotContain("\"maxLength\"", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("8 unchanged fields not shown", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComparisonView_NoChanges_SaysIdentical()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<ComparisonView>(p => p.Add(t => t.Tables, ConfigurationComparison.Compare(SeedPreset.Create(), SeedPreset.Create())));

        Assert.Contains("identical", cut.Find("[data-testid=diff-empty]").TextContent);
    }
}
