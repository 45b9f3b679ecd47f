using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Configuration.Fixtures;

/// <summary>Lists, adds, renames, deletes and accepts the customer's fixtures; the page reruns them on every change.</summary>
public sealed partial class FixturePanel
{
    [Parameter, EditorRequired]
    public Guid CustomerId { get; set; }

    [Parameter, EditorRequired]
    public required FixtureSet Set { get; set; }

    /// <summary>The working copy: accepting takes its outcome (saved or not), as the panel shows it.</summary>
    [Parameter, EditorRequired]
    public required ConfigurationWorkspace Workspace { get; set; }

    /// <summary>Raised after a fixture was added, changed or deleted: the page reloads the set.</summary>
    [Parameter]
    public EventCallback OnChanged { get; set; }

    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required RegressionFixtureService FixtureService { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private string Verdict => Set.Fixtures.Count == 0 ? "No regression fixtures"
        : Set.Blocked ? $"{Set.Fixtures.Count} fixtures, not run"
        : Set.Results.Failed == 0 ? (Set.Results.Total == 1 ? "The fixture passes" : $"All {Set.Results.Total} fixtures pass")
        : $"{Set.Results.Failed} of {Set.Results.Total} fixtures fail";

    private FixtureResult? Result(FixtureView fixture) => Set.Results.Results.FirstOrDefault(r => r.Id == fixture.Id);

    private async Task AddAsync()
    {
        if (await SaveFixtureDialog.AskAsync(Dialogs, CustomerId, FixtureOrigins.Pasted) is { } saved)
        {
            Snackbar.Add($"Saved fixture “{saved.Name}”.", Severity.Success);
            await OnChanged.InvokeAsync();
        }
    }

    private async Task AcceptAsync(FixtureView fixture, FixtureResult result)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Accept the new outcome of “{fixture.Name}”?",
            $"From now on the fixture expects {result.Actual.Describe()} instead of {result.Expected.Describe()}. "
            + $"{(result.Differences.Count == 1 ? "The difference is" : $"The {result.Differences.Count} differences are")} kept in the audit log.",
            yesText: "Accept", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var outcome = await FixtureService.AcceptAsync(await CurrentCaller.GetAsync(), CustomerId, fixture.Id, Workspace.Document);
        Report(outcome.IsOk, $"“{fixture.Name}” now expects the new outcome.", outcome.Problems);
        await OnChanged.InvokeAsync();
    }

    private async Task RenameAsync(FixtureView fixture)
    {
        var name = await NameDialog.AskAsync(Dialogs, "Rename fixture", "Rename", fixture.Name);
        if (name is null || name == fixture.Name)
        {
            return;
        }

        var outcome = await FixtureService.RenameAsync(await CurrentCaller.GetAsync(), CustomerId, fixture.Id, name);
        Report(outcome.IsOk, $"Renamed to “{outcome.Value?.Name}”.", outcome.Problems);
        await OnChanged.InvokeAsync();
    }

    private async Task DeleteAsync(FixtureView fixture)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Delete “{fixture.Name}”?", "Drafts are no longer checked against this event. The deletion is audited.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var outcome = await FixtureService.DeleteAsync(await CurrentCaller.GetAsync(), CustomerId, fixture.Id);
        Report(outcome.IsOk, $"Deleted “{fixture.Name}”.", outcome.Problems);
        await OnChanged.InvokeAsync();
    }

    private void Report(bool ok, string done, IReadOnlyList<string> problems) =>
        Snackbar.Add(ok ? done : "Not done: " + (problems.Count > 0 ? string.Join(" ", problems) : "the fixture no longer exists."), ok ? Severity.Success : Severity.Error);

    private static string PrettyJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
