using Bunit;
using MudBlazor;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Tests.Infrastructure;

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

    private static IRenderedComponent<MappingEditor> Render(BunitContext ctx, ConfigurationWorkspace workspace, EditorSamples? samples = null) =>
        ctx.Render<MappingEditor>(p => p.Add(e => e.Workspace, workspace).Add(e => e.Samples, samples ?? EditorSamples.BuiltIn));

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<MappingEditor> cut, string field) =>
        cut.Find($"[data-testid=mapping-row][data-field={field}]");

    [Fact]
    public async Task MappingTable_SeedIds_OneDenseRowPerFieldWithRoleInWordsAndPreviewedValue()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, _) = SeedWithUnmappedField();

        var cut = Render(ctx, workspace);

        Assert.Equal(workspace.Form.InternalDataSource.Fields.Select(f => f.Name), cut.FindAll("[data-testid=mapping-row]").Select(r => r.GetAttribute("data-field")));
        var key = Row(cut, "customer_id");
        Assert.Equal("Primary key", key.QuerySelector("[data-testid=mapping-role]")!.TextContent);
        Assert.DoesNotContain("primaryKey", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("userId", key.QuerySelector("input[data-testid=mapping-path]")!.GetAttribute("value"));
        Assert.Equal("97980cfea0067", key.QuerySelector("[data-testid=row-preview] [data-testid=preview-value]")!.TextContent);
        var email = Row(cut, "email_address");
        Assert.Equal("+1", email.QuerySelector("[data-testid=mapping-fallbacks]")!.TextContent);
        Assert.Equal("trim, lowercase", email.QuerySelector("[data-testid=mapping-transforms]")!.TextContent);
        Assert.Equal("not mapped", Row(cut, "plan_tier").QuerySelector("input[data-testid=mapping-path]")!.GetAttribute("placeholder"));
    }

    [Fact]
    public async Task MappingEditor_SelectRowThenClickPath_SetsTheSourceAndSaysSoBesideTheTree()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);

        Row(cut, "plan_tier").Click();
        Assert.Contains("plan_tier", cut.Find("[data-testid=selected-field]").TextContent);
        cut.Find("input[data-testid=path-filter]").Input("traits.plan");
        cut.Find("[data-testid=path-item][data-path='traits.plan'] button[data-testid=use-path]").Click();

        Assert.Equal(["traits.plan"], field.Mapping!.Paths);
        Assert.Equal(["traits.plan"], workspace.Document.InternalDataSource.Mapping["plan_tier"].From);
        Assert.Equal("plan_tier now reads traits.plan.", cut.Find("[data-testid=path-feedback-done]").TextContent);
        Assert.Equal("premium", Row(cut, "plan_tier").QuerySelector("[data-testid=preview-value]")!.TextContent);
    }

    [Fact]
    public async Task MappingEditor_DropPathOnUnmappedRow_SetsThatFieldSourceWithoutAsking()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);

        cut.Find("input[data-testid=path-filter]").Input("traits.plan");
        cut.Find("[data-testid=path-item][data-path='traits.plan'] .path-name").DragStart();
        Row(cut, "plan_tier").Drop();

        Assert.Equal(["traits.plan"], field.Mapping!.Paths);
        Assert.Empty(provider.FindAll(".mud-dialog"));
    }

    [Theory]
    [InlineData("Replace", new[] { "traits.name", "traits.first_name" })]
    [InlineData("Add as fallback", new[] { "traits.firstName", "traits.first_name", "traits.name" })]
    [InlineData("Cancel", new[] { "traits.firstName", "traits.first_name" })]
    public async Task MappingEditor_DropPathOnMappedRow_AsksToReplaceOrAddAsFallback(string answer, string[] expected)
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var (workspace, _) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);

        cut.Find("input[data-testid=path-filter]").Input("traits.name");
        cut.Find("[data-testid=path-item][data-path='traits.name'] .path-name").DragStart();
        var dropping = Row(cut, "first_name").TriggerEventAsync("ondrop", new Microsoft.AspNetCore.Components.Web.DragEventArgs());

        provider.WaitForAssertion(() => Assert.Contains("first_name already has a source", provider.Find(".mud-dialog").TextContent));
        Assert.Contains("Replace traits.firstName with traits.name", provider.Find(".mud-dialog").TextContent);
        Assert.Equal(["traits.firstName", "traits.first_name"], workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "first_name").Mapping!.Paths);
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == answer).Click();
        await dropping;

        Assert.Equal(expected, workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "first_name").Mapping!.Paths);
    }

    [Fact]
    public async Task MappingRow_TypedPath_MapsTheFieldAndATypoGetsAHint()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);
        var hints = cut.FindAll("[data-testid=unseen-path]").Count;
        Assert.Empty(Row(cut, "plan_tier").QuerySelectorAll("[data-testid=unseen-path]"));

        Row(cut, "plan_tier").QuerySelector("input[data-testid=mapping-path]")!.Change("traits.plan");
        Assert.Equal(["traits.plan"], field.Mapping!.Paths);
        Assert.Empty(Row(cut, "plan_tier").QuerySelectorAll("[data-testid=unseen-path]"));

        Row(cut, "plan_tier").QuerySelector("input[data-testid=mapping-path]")!.Change("traits.compnay.name");

        Assert.Equal(["traits.compnay.name"], field.Mapping.Paths);
        Assert.Contains("not seen in the 8 Segment examples", Row(cut, "plan_tier").QuerySelector("[data-testid=unseen-path]")!.TextContent);
        Assert.Equal(hints + 1, cut.FindAll("[data-testid=unseen-path]").Count);
    }

    [Fact]
    public async Task MappingEditor_UnseenHint_CountsTheCustomersRecentEvents()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, field) = SeedWithUnmappedField();
        field.Mapping = MappingForm.FromPaths("traits.compnay.name");
        workspace.Revalidate();
        var recent = Enumerable.Range(1, 3).Select(i => "{\"type\":\"identify\",\"userId\":\"u" + i + "\",\"traits\":{\"company\":{\"name\":\"Acme\"}}}").ToList();

        var cut = Render(ctx, workspace, new EditorSamples(recent.Select(j => new SampleEvent("Recent identify", j)).Concat(SegmentExamples.All).ToList(), recent));

        Assert.Contains("not seen in the last 3 events", Row(cut, "plan_tier").QuerySelector("[data-testid=unseen-path]")!.TextContent);
    }

    [Fact]
    public async Task MappingPreview_EveryFieldListed_WithValueNoValueOrWhyItFails()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, _) = SeedWithUnmappedField();
        var email = workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "email_address");
        email.Mapping!.Paths.Clear();
        email.Mapping.Paths.Add("traits.missing_email");
        email.Mapping.Required = true;
        workspace.Revalidate();

        var cut = Render(ctx, workspace);

        var fields = cut.FindAll("[data-testid=preview] [data-testid=preview-field]");
        Assert.Equal(workspace.Form.InternalDataSource.Fields.Select(f => f.Name), fields.Select(f => f.GetAttribute("data-field")));
        string Status(string field) => cut.Find($"[data-testid=preview] [data-testid=preview-field][data-field={field}]").TextContent.Trim();
        Assert.Contains("not mapped", Status("plan_tier"));
        Assert.Contains("no value: none of its paths is present", Status("first_name"));
        Assert.Contains("fails: a value is required but the event has none", Status("email_address"));
        Assert.EndsWith("97980cfea0067", Status("customer_id"));
        Assert.Equal("failed", cut.Find("[data-testid=preview-outcome]").TextContent);
    }

    [Fact]
    public async Task MappingPreview_PastedInvalidJson_ErrorWithLineAndColumn()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, _) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);

        await cut.InvokeAsync(() => cut.FindComponent<MappingPreview>().Instance.SampleChanged.InvokeAsync(MappingEditor.Pasted));
        cut.Find("textarea[data-testid=preview-paste]").Input("{\n  \"type\": \"identify\",\n  \"userId\": 42 x\n}");

        cut.WaitForAssertion(() =>
        {
            var error = cut.Find("[data-testid=preview-input-error]");
            Assert.Contains("mud-alert-text-error", error.ClassName, StringComparison.Ordinal);
            Assert.StartsWith("This is not valid JSON: line 3, column 16:", error.TextContent.Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain("BytePositionInLine", error.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task MappingEditor_MappingChanges_PreviewUpdates()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);
        Assert.Contains("not mapped", cut.Find("[data-testid=preview] [data-testid=preview-field][data-field=plan_tier]").TextContent);

        field.Mapping = MappingForm.FromPaths("traits.plan");
        await cut.InvokeAsync(workspace.Revalidate);

        cut.WaitForAssertion(() => Assert.Equal("premium",
            cut.Find("[data-testid=preview] [data-testid=preview-field][data-field=plan_tier] [data-testid=preview-value]").TextContent));

        field.Mapping.Transforms.Add(TransformDefinition.Named("uppercase"));
        await cut.InvokeAsync(workspace.Revalidate);

        cut.WaitForAssertion(() => Assert.Equal("PREMIUM",
            cut.Find("[data-testid=preview] [data-testid=preview-field][data-field=plan_tier] [data-testid=preview-value]").TextContent));
    }

    [Fact]
    public async Task MappingEditor_InvalidWorkingCopy_PreviewAsksToFixProblems()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, field) = SeedWithUnmappedField();
        field.Name = "9bad";
        workspace.Revalidate();

        var cut = Render(ctx, workspace);

        Assert.Contains("Fix the problems", cut.Find("[data-testid=preview-blocked]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=preview-record]"));
    }

    [Fact]
    public async Task MappingEditor_Coverage_ListsSamplePathsNoMappingUses()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, field) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);
        Assert.Contains(cut.FindAll("[data-testid=unmapped-path]"), e => e.TextContent == "traits.plan");

        field.Mapping = MappingForm.FromPaths("traits.plan");
        await cut.InvokeAsync(workspace.Revalidate);

        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("[data-testid=unmapped-path]"), e => e.TextContent == "traits.plan"));
    }

    [Fact]
    public async Task MappingRow_Expanded_EditsFallbacksTemplateAndValueTranslation()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var (workspace, _) = SeedWithUnmappedField();
        var cut = Render(ctx, workspace);
        var first = workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "first_name");

        Row(cut, "first_name").QuerySelector("[data-testid=expand-row]")!.Click();
        var details = cut.Find("[data-testid=mapping-details][data-field=first_name]");
        Assert.Equal(["traits.firstName", "traits.first_name"], details.QuerySelectorAll("input[data-testid=details-path]").Select(i => i.GetAttribute("value")));
        details.QuerySelectorAll("[data-testid=remove-path]")[1].Click();
        Assert.Equal(["traits.firstName"], first.Mapping!.Paths);

        var kind = cut.FindComponent<MappingRowDetails>().FindComponent<MudToggleGroup<SourceKind>>();
        await cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(SourceKind.Template));
        cut.Find("input[data-testid=mapping-template]").Change("{{traits.name}} ({{traits.title}})");

        Assert.Equal("{{traits.name}} ({{traits.title}})", workspace.Document.InternalDataSource.Mapping["first_name"].Template);
        Assert.Equal("template: {{traits.name}} ({{traits.title}})", Row(cut, "first_name").QuerySelector("[data-testid=mapping-source]")!.TextContent);
        Assert.Equal("Peter Gibbons ()", Row(cut, "first_name").QuerySelector("[data-testid=preview-value]")!.TextContent);
    }

    [Fact]
    public async Task MappingTable_ReadOnly_PlainTextWithoutInputs()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create(), readOnly: true);

        var cut = Render(ctx, workspace);

        Assert.Empty(cut.FindAll("[data-testid=mapping-rows] input"));
        Assert.Empty(cut.FindAll("[data-testid=add-transform]"));
        Assert.Equal("traits.email, then context.traits.email", Row(cut, "email_address").QuerySelector("[data-testid=mapping-source]")!.TextContent);
    }
}
