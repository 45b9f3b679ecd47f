using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class VersionHistory
{
    private IReadOnlyList<VersionSummary>? _versions;
    private IReadOnlyList<TableComparison>? _changes;
    private (int From, int To) _compared;
    private int _from;
    private int _to;
    private int? _loadedFor = -1;

    [Parameter, EditorRequired]
    public Guid CustomerId { get; set; }

    [Parameter]
    public bool CanRestore { get; set; }

    /// <summary>Changes when a version is published elsewhere on the page, so the list reloads.</summary>
    [Parameter]
    public int? RefreshKey { get; set; }

    [Parameter]
    public EventCallback<RestoreResult> OnRestored { get; set; }

    /// <summary>The page has edits not saved: a restore replaces them.</summary>
    [Parameter]
    public bool HasUnsavedChanges { get; set; }

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor != RefreshKey)
        {
            _loadedFor = RefreshKey;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        var outcome = await Configurations.ListVersionsAsync(caller, CustomerId);
        _versions = outcome.Value ?? [];
        _changes = null;
        if (_versions.Count > 1)
        {
            _to = _versions[0].Number;
            _from = _versions[1].Number;
        }
    }

    private async Task CompareAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        var before = await Configurations.GetVersionAsync(caller, CustomerId, _from);
        var after = await Configurations.GetVersionAsync(caller, CustomerId, _to);
        _compared = (_from, _to);
        _changes = before.IsOk && after.IsOk ? ConfigurationComparison.Compare(before.Value!.Document, after.Value!.Document) : [];
    }

    /// <summary>Puts a version into the draft to review and publish; publishing it at once is the explicit other answer.</summary>
    private async Task RestoreAsync(int number)
    {
        var answer = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Restore version {number}?",
            Message = $"Version {number}'s schema and mapping replace the draft, to review on the Schema and Mapping tabs and publish when ready."
                + (HasUnsavedChanges ? " Your unsaved edits on this page are lost." : "")
                + " Events keep being mapped with the live version until then.",
            YesText = "Restore into draft",
            NoText = "Restore and publish now",
            CancelText = "Cancel",
        });
        if (answer is null)
        {
            return;
        }

        var caller = await CurrentCaller.GetAsync();
        var outcome = await Configurations.RestoreAsync(caller, CustomerId, number, null, publish: answer == false);
        if (!outcome.IsOk)
        {
            Snackbar.Add("Not restored: " + string.Join(" ", outcome.Problems), Severity.Error);
            return;
        }

        await LoadAsync();
        await OnRestored.InvokeAsync(outcome.Value!);
    }
}
