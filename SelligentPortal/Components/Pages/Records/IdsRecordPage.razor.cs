using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>One IDS record: its fields with the event and version that wrote each, and its lineage.</summary>
public sealed partial class IdsRecordPage : CustomerPageBase
{
    private IdsRecordDetail? _detail;
    private IReadOnlyList<string> _schemaOrder = [];
    private IReadOnlyList<FieldWriter> _writers = [];

    [Parameter]
    public string PrimaryKey { get; set; } = "";

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required RecordQueries Queries { get; init; }

    [Inject]
    public required FieldLineageQuery Lineage { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override (string Text, string? Href)[] BreadcrumbTrail => RecordBreadcrumbs.Trail(CustomerId, "IDS", PrimaryKey);

    protected override async Task<bool> OnCustomerFoundAsync()
    {
        var detail = await Queries.GetIdsAsync(Caller, CustomerId, PrimaryKey);
        if (!detail.IsOk)
        {
            return false;
        }

        var published = await Configurations.GetCompiledAsync(Caller, CustomerId, null);
        _schemaOrder = published.IsOk ? published.Value.Compiled.Document.InternalDataSource.Fields.Select(f => f.Name).ToList() : [];
        _writers = await Lineage.GetAsync(Caller, CustomerId, detail.Value!);
        _detail = detail.Value;
        return true;
    }

    /// <summary>An event of the record's lineage as a fixture: this record is what the customer relies on.</summary>
    private async Task SaveAsFixtureAsync(EventSummary e)
    {
        var saved = await Configuration.Fixtures.SaveFixtureDialog.AskAsync(Dialogs, CustomerId, Core.Configuration.Fixtures.FixtureOrigins.Lineage,
            eventLogId: e.Id, suggestedName: $"{e.Type} {e.EventName} for {PrimaryKey}".Replace("  ", " ", StringComparison.Ordinal));
        if (saved is not null)
        {
            Snackbar.Add($"Saved fixture “{saved.Name}”: {saved.Expected.Describe()}.", Severity.Success);
        }
    }
}
