using Bunit;
using MudBlazor;
using FieldType = SelligentPortal.Core.Configuration.FieldType;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Configuration;

public class SchemaEditorTests
{
    [Fact]
    public async Task SchemaEditor_AddField_AddsValidTextFieldToWorkingCopy()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
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
        await using var ctx = PortalComponentContext.WithoutDatabase();
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
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        cut.FindAll("[data-testid=table-ids] button[data-testid=field-down]")[0].Click();
        Assert.Equal(["email_address", "customer_id"], workspace.Document.InternalDataSource.Fields.Take(2).Select(f => f.Name));

        var removing = cut.FindAll("[data-testid=table-ids] button[data-testid=field-remove]")[0].ClickAsync(new());
        provider.WaitForAssertion(() => provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Remove").Click());
        await removing;
        Assert.Equal("customer_id", workspace.Document.InternalDataSource.Fields[0].Name);
        Assert.DoesNotContain(workspace.Document.InternalDataSource.Mapping.Keys, k => k == "email_address");
    }

    [Fact]
    public async Task SchemaEditor_RemoveMappedKeyField_ConfirmsWhatIsLostAndCancelKeepsIt()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        var removing = cut.FindAll("[data-testid=table-ids] button[data-testid=field-remove]")[0].ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Remove customer_id?", provider.Find(".mud-dialog").TextContent));
        var text = provider.Find(".mud-dialog").TextContent;
        Assert.Contains("customer_id is the primary key of CUSTOMERS", text);
        Assert.Contains("Its mapping (from userId) is removed with it.", text);
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        await removing;
        Assert.False(workspace.HasUnsavedChanges);
        Assert.Equal("customer_id", workspace.Document.InternalDataSource.Fields[0].Name);
    }

    [Fact]
    public async Task SchemaEditor_RemoveUnmappedField_NoQuestionAndUndoPutsItBack()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var snackbars = ctx.Render<MudSnackbarProvider>();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var country = workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "country");
        country.Mapping = null;
        workspace.MarkSaved(workspace.Form.ToDocument());
        var order = workspace.Document.InternalDataSource.Fields.Select(f => f.Name).ToList();
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        cut.FindAll("[data-testid=table-ids] button[data-testid=field-remove]")[order.IndexOf("country")].Click();

        Assert.Empty(provider.FindAll(".mud-dialog"));
        Assert.DoesNotContain("country", workspace.Document.InternalDataSource.Fields.Select(f => f.Name));
        snackbars.WaitForAssertion(() => Assert.Contains("Removed country from CUSTOMERS.", snackbars.Markup));
        snackbars.FindAll("button").Single(b => b.TextContent.Trim() == "Undo").Click();
        Assert.Equal(order, workspace.Document.InternalDataSource.Fields.Select(f => f.Name));
        Assert.False(workspace.HasUnsavedChanges);
    }

    [Fact]
    public async Task SchemaEditor_UndoRemovedMappedField_RestoresItsMappingToo()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var snackbars = ctx.Render<MudSnackbarProvider>();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        var removing = cut.FindAll("[data-testid=table-ids] button[data-testid=field-remove]")[2].ClickAsync(new());
        provider.WaitForAssertion(() => provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Remove").Click());
        await removing;
        Assert.DoesNotContain("first_name", workspace.Document.InternalDataSource.Mapping.Keys);
        snackbars.WaitForAssertion(() => snackbars.FindAll("button").Single(b => b.TextContent.Trim() == "Undo").Click());

        Assert.Equal("first_name", workspace.Document.InternalDataSource.Fields[2].Name);
        Assert.Equal(["traits.firstName", "traits.first_name"], workspace.Document.InternalDataSource.Mapping["first_name"].From);
        Assert.False(workspace.HasUnsavedChanges);
    }

    [Fact]
    public async Task SchemaEditor_RoleProblems_InWordsAPersonReads()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        workspace.Form.InternalDataSource.Fields[0].Role = null;
        workspace.Revalidate();

        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        Assert.Contains("needs exactly one primary key field", cut.Find("[data-testid=table-ids] [data-testid=table-problem]").TextContent);
        Assert.DoesNotContain("primaryKey", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaEditor_ReadOnly_HasNoEditorControls()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create(), readOnly: true);

        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        Assert.Empty(cut.FindAll("[data-testid=add-field], [data-testid=field-remove], [data-testid=add-extension], [data-testid=remove-extension]"));
        Assert.Empty(cut.FindAll("input, .mud-select"));
        var key = cut.FindAll("[data-testid=table-ids] [data-testid=field-row]")[0];
        Assert.Equal(["customer_id", "text(64)", "Primary key"], key.QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public async Task SchemaEditor_ExtensionEventFilter_AddsAndRemovesChips()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var cut = ctx.Render<SchemaEditor>(p => p.Add(e => e.Workspace, workspace));

        var input = cut.Find("[data-testid=table-ext0] input[data-testid=event-input]");
        input.Input("Order Completed");
        input.KeyDown("Enter");

        Assert.Equal(["Order Completed"], workspace.Document.InteractionExtensions[0].Events);
        Assert.Contains("Order Completed", cut.Find("[data-testid=table-ext0]").TextContent);
    }
}
