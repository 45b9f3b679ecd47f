using SelligentPortal.Components.Shared;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Components.Pages.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>
/// A customer's configuration: staff edit the draft (schema, mapping, publish, versions); Customer
/// users see the latest published version read-only.
/// </summary>
public sealed partial class ConfigurationPage : CustomerPageBase
{
    private const long ImportMaxBytes = 1024 * 1024;

    private bool _loading = true;
    private ConfigurationWorkspace? _workspace;
    private EditorSamples _samples = EditorSamples.BuiltIn;
    private int _revision;
    private int? _latestVersion;
    private bool _hasUnpublishedChanges;
    private string? _conflict;
    private bool _saving;
    private bool _publishing;
    private int _tab;
    private readonly FixtureSet _fixtures = new();

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required EditorSampleSource Samples { get; init; }

    [Inject]
    public required RegressionFixtureService FixtureService { get; init; }

    private bool CanSave => _workspace is { IsValid: true, HasUnsavedChanges: true } && !_saving;

    protected override (string Text, string? Href)[] BreadcrumbTrail => [("Configuration", null)];

    protected override void OnParametersSet() => _loading = true;

    protected override async Task OnCustomerParametersSetAsync()
    {
        (_requiresApproval, _isAdmin, _userId) = (Customer!.RequiresPublishApproval, Caller.IsAdmin, Caller.UserId);

        // The customer's recent identifies and tracks, then the built-in Segment examples.
        _samples = await Samples.GetAsync(Caller, CustomerId);
        await LoadAsync(Caller);
        _loading = false;
    }

    private async Task LoadAsync(Core.Tenancy.Caller caller)
    {
        _conflict = null;
        if (IsStaff)
        {
            var draft = await Configurations.GetDraftAsync(caller, CustomerId);
            if (!draft.IsOk)
            {
                Navigation.NotFound();
                return;
            }

            ShowDraft(draft.Value!);
            SetWorkspace(new ConfigurationWorkspace(draft.Value!.Document));
            await ReloadFixturesAsync();
            await LoadRequestsAsync(caller);
            return;
        }

        var versions = await Configurations.ListVersionsAsync(caller, CustomerId);
        _latestVersion = versions.Value?.FirstOrDefault()?.Number;
        if (_latestVersion is { } latest && await Configurations.GetVersionAsync(caller, CustomerId, latest) is { IsOk: true } version)
        {
            SetWorkspace(new ConfigurationWorkspace(version.Value!.Document, readOnly: true));
        }
        else
        {
            SetWorkspace(null);
        }
    }

    private void ShowDraft(DraftView draft)
    {
        _revision = draft.Revision;
        _latestVersion = draft.LatestVersion;
        _hasUnpublishedChanges = draft.HasUnpublishedChanges;
    }

    private void SetWorkspace(ConfigurationWorkspace? workspace)
    {
        if (_workspace is not null)
        {
            _workspace.Changed -= OnWorkspaceChanged;
        }

        _workspace = workspace;
        if (_workspace is not null)
        {
            _workspace.Changed += OnWorkspaceChanged;
        }
    }

    private void OnWorkspaceChanged()
    {
        _fixtures.Rerun(_workspace);
        StateHasChanged();
    }

    private async Task ReloadFixturesAsync()
    {
        var fixtures = await FixtureService.ListAsync(await CurrentCaller.GetAsync(), CustomerId);
        _fixtures.Load(fixtures.Value ?? [], _workspace);
    }

    private EventCallback<SampleEvent> SaveFixtureCallback =>
        IsStaff ? EventCallback.Factory.Create<SampleEvent>(this, SaveSampleAsFixtureAsync) : default;

    /// <summary>The preview's event (a recent one from the event log, a built-in example, or pasted JSON) as a fixture.</summary>
    private async Task SaveSampleAsFixtureAsync(SampleEvent sample)
    {
        var saved = sample.EventLogId is { } id
            ? await SaveFixtureDialog.AskAsync(Dialogs, CustomerId, FixtureOrigins.Recent, eventLogId: id)
            : await SaveFixtureDialog.AskAsync(Dialogs, CustomerId, FixtureOrigins.Pasted, eventJson: sample.Json);
        if (saved is not null)
        {
            Snackbar.Add($"Saved fixture “{saved.Name}”: {saved.Expected.Describe()}.", Severity.Success);
            await ReloadFixturesAsync();
        }
    }

    /// <summary>The Fixtures tab comes after Schema and Mapping.</summary>
    private void ShowFixtures() => _tab = 2;

    private async Task<bool> SaveAsync()
    {
        if (_workspace is null || !_workspace.IsValid)
        {
            return false;
        }

        _saving = true;
        try
        {
            var caller = await CurrentCaller.GetAsync();
            var document = _workspace.Document;
            var outcome = await Configurations.SaveDraftAsync(caller, CustomerId, document, _revision);
            switch (outcome.Status)
            {
                case OutcomeStatus.Ok:
                    ShowDraft(outcome.Value!);
                    _conflict = null;
                    _workspace.MarkSaved(document);
                    Snackbar.Add($"Draft saved (revision {_revision}).", Severity.Success);
                    return true;
                case OutcomeStatus.Conflict:
                    _conflict = string.Join(" ", outcome.Problems);
                    return false;
                default:
                    Snackbar.Add("The draft was not saved: " + string.Join(" ", outcome.Problems), Severity.Error);
                    return false;
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task ReloadAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        await LoadAsync(caller);
        Snackbar.Add("Reloaded the saved draft.", Severity.Info);
    }

    private async Task PublishAsync()
    {
        if (_workspace is null)
        {
            return;
        }

        // Publishing takes the saved draft, so what is on screen is saved first.
        if (_workspace.HasUnsavedChanges && _workspace.IsValid && !await SaveAsync())
        {
            return;
        }

        var caller = await CurrentCaller.GetAsync();
        var preview = await Configurations.PreviewPublishAsync(caller, CustomerId);
        if (!preview.IsOk)
        {
            Snackbar.Add("Not published: " + string.Join(" ", preview.Problems), Severity.Error);
            return;
        }

        // Unsaved edits that do not validate stay here, unsaved: they neither go out nor stop the saved draft.
        var unsavedProblems = _workspace.HasUnsavedChanges ? _workspace.Problems.Count : 0;
        var choice = await PublishDialog.ChooseAsync(Dialogs, preview.Value!, _workspace.Form, unsavedProblems,
            _requiresApproval, canPublishUrgently: _requiresApproval && _isAdmin, _pending);
        if (choice is null)
        {
            return;
        }

        _publishing = true;
        try
        {
            // Where approval is required the dialog's confirmation is a request; an Admin's urgent publish goes out at once.
            var (done, problems) = _requiresApproval && !choice.Urgent
                ? Result(await PublishRequests.RequestAsync(caller, CustomerId, choice.Note), _ => "Publish requested: a second person approves it before it goes live.")
                : Result(choice.Urgent
                    ? await PublishRequests.PublishUrgentlyAsync(caller, CustomerId, choice.Note)
                    : await Configurations.PublishAsync(caller, CustomerId, choice.Note),
                    version => $"Published version {version.Number}{(choice.Urgent ? " urgently, without approval" : "")}.");
            Snackbar.Add(done ?? (_requiresApproval && !choice.Urgent ? "Not requested: " : "Not published: ") + problems, done is null ? Severity.Error : Severity.Success);
            if (done is not null)
            {
                await RefreshDraftAsync(caller);
            }
        }
        finally
        {
            _publishing = false;
        }
    }

    private async Task OnRestoredAsync(RestoreResult restored)
    {
        var caller = await CurrentCaller.GetAsync();
        await LoadAsync(caller);
        Snackbar.Add(restored.Published is { } version
            ? $"Published as version {version.Number}; the draft holds it too."
            : $"The draft (revision {restored.Draft.Revision}) now holds the restored version: review it on the Schema and Mapping tabs, then publish.",
            Severity.Success);
    }

    private async Task ExportAsync()
    {
        if (_workspace is null)
        {
            return;
        }

        var json = ConfigurationDocumentSerializer.Serialize(_workspace.Document);
        if (_fixtures.Fixtures.Count > 0)
        {
            json = FixtureFile.Join(json, _fixtures.Fixtures);
        }

        var fileName = $"configuration-{Slug(Customer?.Name)}-draft-r{_revision}.json";
        await JS.InvokeVoidAsync("portal.downloadText", fileName, json, "application/json");
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null || _workspace is null)
        {
            return;
        }

        string json;
        try
        {
            await using var stream = file.OpenReadStream(ImportMaxBytes);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            json = await reader.ReadToEndAsync();
        }
        catch (IOException ex)
        {
            Snackbar.Add($"Could not read {file.Name}: {ex.Message}", Severity.Error);
            return;
        }

        var parts = FixtureFile.Split(json);
        var parsed = ConfigurationDocumentSerializer.Parse(parts.DocumentJson);
        if (!parsed.Succeeded || parts.Problems.Count > 0)
        {
            var problems = string.Join(" ", parsed.Problems.Concat(parts.Problems.Select(p => new ConfigurationProblem(p.Path, p.Message))).Take(5).Select(ProblemWording.InFile));
            Snackbar.Add($"{file.Name} is not a configuration document: {problems}", Severity.Error, o => o.RequireInteraction = true);
            return;
        }

        // The document waits in the working copy for Save; fixtures are not part of the draft and are kept at once.
        var fixtureNote = "";
        if (parts.Fixtures is { Count: > 0 } entries)
        {
            var imported = await FixtureService.ImportAsync(await CurrentCaller.GetAsync(), CustomerId, entries);
            if (!imported.IsOk)
            {
                Snackbar.Add($"{file.Name} was not imported: {string.Join(" ", imported.Problems)}", Severity.Error, o => o.RequireInteraction = true);
                return;
            }

            fixtureNote = imported.Value == 1 ? " Its fixture was saved." : $" Its {imported.Value} fixtures were saved.";
        }

        _workspace.Load(parsed.Document!);
        await ReloadFixturesAsync();
        Snackbar.Add((_workspace.IsValid
            ? $"Imported {file.Name}. Review it, then save the draft."
            : $"Imported {file.Name} with {_workspace.Problems.Count} problem(s) to fix before saving.") + fixtureNote,
            _workspace.IsValid ? Severity.Info : Severity.Warning);
    }

    private static string Slug(string? name) =>
        new((name ?? "customer").Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    public void Dispose() => SetWorkspace(null);

    /// <summary>Runs the working copy over the last stored events, storing nothing.</summary>
    private async Task DryRunAsync()
    {
        if (_workspace is not { IsValid: true } workspace)
        {
            return;
        }

        var parameters = new DialogParameters<DryRunDialog>
        {
            { d => d.CustomerId, CustomerId },
            { d => d.Document, workspace.Document },
        };
        await Dialogs.ShowAsync<DryRunDialog>("Dry run", parameters, new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });
    }
}
