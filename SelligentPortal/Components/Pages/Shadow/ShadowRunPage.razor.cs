using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Shadow;

/// <summary>
/// A customer's shadow run (staff only): start one for the saved draft, watch what it finds on live
/// traffic (read again every two seconds), stop it.
/// </summary>
public sealed partial class ShadowRunPage : CustomerPageBase
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _disposed = new();
    private bool _loading = true;
    private ShadowRunView? _run;
    private int _draftRevision;
    private int? _liveVersion;
    private bool _busy;
    private IReadOnlyList<string> _problems = [];
    private bool _polling;

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required ShadowRunService ShadowRuns { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override (string Text, string? Href)[] BreadcrumbTrail =>
        [("Configuration", PortalRoutes.CustomerConfiguration(CustomerId)), ("Shadow run", null)];

    protected override void OnParametersSet() => _loading = true;

    protected override Task<bool> OnCustomerFoundAsync() => LoadAsync();

    protected override Task OnCustomerParametersSetAsync()
    {
        _loading = false;
        if (!_polling && RendererInfo.IsInteractive)
        {
            _polling = true;
            _ = PollAsync();
        }

        return Task.CompletedTask;
    }

    /// <summary>Reads the run and the draft; false when the caller may not see them.</summary>
    private async Task<bool> LoadAsync()
    {
        var caller = await CurrentCaller.GetAsync(_disposed.Token);
        var run = await ShadowRuns.GetAsync(caller, CustomerId, _disposed.Token);
        var draft = await Configurations.GetDraftAsync(caller, CustomerId, _disposed.Token);
        if (!run.IsOk || !draft.IsOk)
        {
            return false;
        }

        (_run, _draftRevision, _liveVersion) = (run.Value, draft.Value!.Revision, draft.Value.LatestVersion);
        return true;
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                if (!_busy)
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }

    private async Task StartAsync(ShadowRunRequest request)
    {
        _busy = true;
        try
        {
            var outcome = await ShadowRuns.StartAsync(await CurrentCaller.GetAsync(), CustomerId, request);
            _problems = outcome.IsOk ? [] : outcome.Problems;
            if (outcome.IsOk)
            {
                _run = outcome.Value;
                Snackbar.Add($"Shadow run of draft revision {_run!.DraftRevision} started.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task StopAsync()
    {
        _busy = true;
        try
        {
            var outcome = await ShadowRuns.StopAsync(await CurrentCaller.GetAsync(), CustomerId);
            if (outcome.IsOk)
            {
                _run = outcome.Value;
                Snackbar.Add("Shadow run stopped.", Severity.Info);
            }
            else
            {
                Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Warning);
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    // Cancelled, not disposed: a read in flight may still ask for its token.
    public void Dispose() => _disposed.Cancel();
}
