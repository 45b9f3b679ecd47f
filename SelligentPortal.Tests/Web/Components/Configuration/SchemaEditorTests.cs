using Bunit;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Web.Components.Configuration;

public class SchemaEditorTests
{
    [Fact]
    public async Task SchemaEditor_AddField_AddsValidTextFieldToWorkingCopy()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var before = workspace.Document.InternalDataSource.Fields.Count;
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        cut.Find("[data-testid=table-ids] button[data-testid=add-field]").Click();

        var fields = workspace.Document.InternalDataSource.Fields;
        Assert.Equal(before + 1, fields.Count);
        Assert.Equal(new FieldDefinition("new_field", FieldType.Text, 100), fields[^1]);
        Assert.True(workspace.IsValid);
        Assert.True(workspace.HasUnsavedChanges);
        Assert.Equal(before + 1, cut.FindAll("[data-testid=table-ids] [data-testid=field-row]").Count);
    }

    [Fact]
    public async Task SchemaEditor_InvalidName_ShownInlineOnThatField()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        cut.FindAll("[data-testid=table-ids] input[data-testid=field-name]")[2].Input("first name");

        var problem = Assert.Single(workspace.Problems);
        Assert.Equal("$.internalDataSource.fields[2].name", problem.Path);
        var rows = cut.FindAll("[data-testid=table-ids] [data-testid=field-row]");
        Assert.Contains("is not valid", rows[2].TextContent);
        Assert.DoesNotContain("is not valid", rows[1].TextContent);
        Assert.DoesNotContain("is not valid", rows[3].TextContent);
    }

    [Fact]
    public async Task SchemaEditor_MoveAndRemove_ChangeFieldOrder()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        cut.FindAll("[data-testid=table-ids] button[data-testid=field-down]")[0].Click();
        Assert.Equal(["email_address", "customer_id"], workspace.Document.InternalDataSource.Fields.Take(2).Select(f => f.Name));

        cut.FindAll("[data-testid=table-ids] button[data-testid=field-remove]")[0].Click();
        Assert.Equal("customer_id", workspace.Document.InternalDataSource.Fields[0].Name);
        Assert.DoesNotContain(workspace.Document.InternalDataSource.Mapping.Keys, k => k == "email_address");
    }

    [Fact]
    public async Task SchemaEditor_ReadOnly_HasNoEditorControls()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create(), readOnly: true);

        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        Assert.Empty(cut.FindAll("[data-testid=add-field], [data-testid=field-remove], [data-testid=add-extension], [data-testid=remove-extension]"));
        Assert.Contains("customer_id", cut.Markup);
    }

    [Fact]
    public async Task SchemaEditor_ExtensionEventFilter_AddsAndRemovesChips()
    {
        await using var ctx = ConfigurationComponentContext.Create();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        var input = cut.Find("[data-testid=table-ext0] input[data-testid=event-input]");
        input.Input("Order Completed");
        input.KeyDown("Enter");

        Assert.Equal(["Order Completed"], workspace.Document.InteractionExtensions[0].Events);
        Assert.Contains("Order Completed", cut.Find("[data-testid=table-ext0]").TextContent);
    }
}
