using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Ingestion.DryRun;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class DryRunDialog
{
    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required DryRunService DryRun { get; init; }

    private CancellationTokenSource? _cancel;
    private int _lastEvents = 1000;
    private bool _running;
    private double _progress;
    private string? _message;
    private DryRunResult? _result;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid CustomerId { get; set; }

    [Parameter, EditorRequired]
    public ConfigurationDocument Document { get; set; } = default!;

    private async Task RunAsync()
    {
        _cancel = new CancellationTokenSource();
        (_running, _progress, _message, _result) = (true, 0, null, null);
        var progress = new Progress<double>(value =>
        {
            _progress = value;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            var outcome = await DryRun.RunAsync(await CurrentCaller.GetAsync(), CustomerId, Document, _lastEvents, progress, _cancel.Token);
            _result = outcome.Value;
            _message = outcome.IsOk ? null : $"The configuration has problems to fix first: {string.Join(" ", outcome.Problems)}";
        }
        catch (OperationCanceledException)
        {
            _message = "Dry run cancelled.";
        }
        finally
        {
            _running = false;
        }
    }

    private void Cancel() => _cancel?.Cancel();

    private void Close()
    {
        _cancel?.Cancel();
        MudDialog.Close();
    }

    public void Dispose() => _cancel?.Dispose();
}
