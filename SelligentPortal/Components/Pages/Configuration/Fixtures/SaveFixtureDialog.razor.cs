using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Configuration.Fixtures;

public sealed partial class SaveFixtureDialog
{
    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required RegressionFixtureService FixtureService { get; init; }

    private string? _name;
    private string? _json;
    private string? _error;
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid CustomerId { get; set; }

    /// <summary>The event log's event to save; null to paste (or edit <see cref="EventJson"/>).</summary>
    [Parameter]
    public long? EventLogId { get; set; }

    [Parameter]
    public string? EventJson { get; set; }

    [Parameter]
    public string Origin { get; set; } = FixtureOrigins.Pasted;

    [Parameter]
    public string? SuggestedName { get; set; }

    protected override void OnInitialized() => (_name, _json) = (SuggestedName, EventJson);

    /// <summary>Shows the dialog; the saved fixture, or null when cancelled.</summary>
    public static async Task<FixtureView?> AskAsync(
        IDialogService dialogs, Guid customerId, string origin, long? eventLogId = null, string? eventJson = null, string? suggestedName = null)
    {
        var parameters = new DialogParameters<SaveFixtureDialog>
        {
            { d => d.CustomerId, customerId },
            { d => d.Origin, origin },
            { d => d.EventLogId, eventLogId },
            { d => d.EventJson, eventJson },
            { d => d.SuggestedName, suggestedName },
        };
        var dialog = await dialogs.ShowAsync<SaveFixtureDialog>("Save as regression fixture", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: FixtureView saved } ? saved : null;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _error = null;
        var caller = await CurrentCaller.GetAsync();
        var outcome = await FixtureService.CreateAsync(caller, CustomerId,
            new NewFixture(_name ?? "", EventLogId is null ? _json ?? "" : null, EventLogId, Origin));
        _saving = false;
        if (outcome.IsOk)
        {
            MudDialog.Close(DialogResult.Ok(outcome.Value!));
            return;
        }

        _error = outcome.Status == Core.Common.OutcomeStatus.NotFound ? "That event is no longer in the event log." : string.Join(" ", outcome.Problems);
    }
}
