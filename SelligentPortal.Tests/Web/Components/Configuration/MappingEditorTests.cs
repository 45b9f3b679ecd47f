using Bunit;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Examples;

namespace SelligentPortal.Tests.Web.Components.Configuration;

public class MappingEditorTests
{
    private static (ConfigurationWorkspace Workspace, FieldForm Field) SeedWithUnmappedField()
    {
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var field = workspace.Form.InternalDataSource.AddField();
        field.Name = "plan_tier";
        workspace.Revalidate();
        return (workspace, field);
    }

    [Fact]
    public async Task MappingEditor_UsePathFromTree_SetsSelectedFieldSource()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, SegmentExamples.All));

        cut.Find("[data-testid=mapping-row][data-field=plan_tier]").Click();
        cut.Find("input[data-testid=path-filter]").Input("traits.plan");
        cut.Find("[data-testid=path-item][data-path='traits.plan'] button[data-testid=use-path]").Click();

        Assert.Equal(["traits.plan"], field.Mapping!.Paths);
        Assert.Equal(["traits.plan"], workspace.Document.InternalDataSource.Mapping["plan_tier"].From);
        Assert.True(workspace.IsValid);
    }

    [Fact]
    public async Task MappingEditor_DropPathOnRow_SetsThatFieldSource()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, SegmentExamples.All));

        cut.Find("input[data-testid=path-filter]").Input("traits.plan");
        cut.Find("[data-testid=path-item][data-path='traits.plan'] .path-name").DragStart();
        cut.Find("[data-testid=mapping-row][data-field=plan_tier]").Drop();

        Assert.Equal(["traits.plan"], field.Mapping!.Paths);
    }

    [Fact]
    public async Task MappingEditor_PathTree_ShowsExampleAndFrequency()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var (workspace, _) = SeedWithUnmappedField();
        var cut = ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, SegmentExamples.All));

        cut.Find("input[data-testid=path-filter]").Input("traits.email");
        var item = cut.Find("[data-testid=path-item][data-path='traits.email']");

        Assert.Contains("peter@example.com", item.TextContent);
        Assert.Matches(@"\d+/8", item.QuerySelector("[data-testid=path-frequency]")!.TextContent);
    }

    [Fact]
    public async Task MappingEditor_MappingChanges_PreviewUpdates()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, SegmentExamples.All));
        Assert.Empty(cut.FindAll("[data-testid=preview-field][data-field=plan_tier]"));

        field.Mapping = MappingForm.FromPaths("traits.plan");
        workspace.Revalidate();
        cut.Render();

        cut.WaitForAssertion(() => Assert.Equal("premium",
            cut.Find("[data-testid=preview-field][data-field=plan_tier] [data-testid=preview-value]").TextContent));

        field.Mapping.Transforms.Add(TransformDefinition.Named("uppercase"));
        workspace.Revalidate();
        cut.Render();

        cut.WaitForAssertion(() => Assert.Equal("PREMIUM",
            cut.Find("[data-testid=preview-field][data-field=plan_tier] [data-testid=preview-value]").TextContent));
    }

    [Fact]
    public async Task MappingEditor_InvalidWorkingCopy_PreviewAsksToFixProblems()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var (workspace, field) = SeedWithUnmappedField();
        field.Name = "9bad";
        workspace.Revalidate();

        var cut = ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, SegmentExamples.All));

        Assert.Contains("Fix the schema problems to preview", cut.Find("[data-testid=preview-blocked]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=preview-record]"));
    }

    [Fact]
    public async Task MappingEditor_Coverage_ListsSamplePathsNoMappingUses()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, SegmentExamples.All));
        Assert.Contains(cut.FindAll("[data-testid=unmapped-path]"), e => e.TextContent == "traits.plan");

        field.Mapping = MappingForm.FromPaths("traits.plan");
        workspace.Revalidate();
        cut.Render();

        Assert.DoesNotContain(cut.FindAll("[data-testid=unmapped-path]"), e => e.TextContent == "traits.plan");
    }
}
