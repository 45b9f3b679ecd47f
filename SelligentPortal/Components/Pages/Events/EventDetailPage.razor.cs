using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Events;

/// <summary>One event: its log line, its raw payload as text, what it produced, and (for staff) a replay.</summary>
public sealed partial class EventDetailPage : CustomerPageBase
{
    private EventDetail? _detail;
    private EventProducts? _products;
    private string? _sourceName;
    private bool _replaying;
    private ReplayOutcome? _outcome;
    private string? _replayProblem;

    [Parameter]
    public long EventLogId { get; set; }

    [Inject]
    public required RecordQueries Records { get; init; }

    [Inject]
    public required EventProductQuery Products { get; init; }

    [Inject]
    public required ReplayService Replay { get; init; }

    [Inject]
    public required Core.Sources.SourceService Sources { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private bool Replayable => _detail is { RawPayload: not null } d && d.Event.Status != EventStatus.Deleted;

    private string NothingProduced => _detail!.Event.Status switch
    {
        EventStatus.Failed => "Nothing: the event failed. Fix the mapping, publish, then replay it.",
        EventStatus.Applied when _detail.RawPayload is null => "Not known any more: the payload was purged.",
        EventStatus.Applied => "No record: the published mapping wrote nothing for it.",
        _ => $"Nothing: the event was {EventStatusNames.Name(_detail.Event.Status)}.",
    };

    protected override (string Text, string? Href)[] BreadcrumbTrail =>
        [("Event log", PortalRoutes.EventLog(CustomerId)), ($"Event {EventLogId}", null)];

    protected override void OnParametersSet()
    {
        _outcome = null;
        _replayProblem = null;
    }

    protected override Task<bool> OnCustomerFoundAsync() => LoadAsync();

    private async Task<bool> LoadAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        var detail = await Records.GetEventAsync(caller, CustomerId, EventLogId);
        if (!detail.IsOk)
        {
            return false;
        }

        _detail = detail.Value;
        _products = (await Products.GetAsync(caller, CustomerId, EventLogId)).Value;
        _sourceName = (await Sources.ListAsync(caller, CustomerId)).Value?.FirstOrDefault(s => s.Id == _detail!.Event.SourceId)?.Name;
        return true;
    }

    private async Task SaveAsFixtureAsync()
    {
        var e = _detail!.Event;
        var saved = await Configuration.Fixtures.SaveFixtureDialog.AskAsync(Dialogs, CustomerId, Core.Configuration.Fixtures.FixtureOrigins.EventLog,
            eventLogId: EventLogId, suggestedName: $"{e.Type} {e.EventName} {e.MessageId}".Replace("  ", " ", StringComparison.Ordinal));
        if (saved is not null)
        {
            Snackbar.Add($"Saved fixture “{saved.Name}”: {saved.Expected.Describe()}. It is on the configuration's Fixtures tab.", Severity.Success);
        }
    }

    private async Task ReplayAsync()
    {
        _replaying = true;
        _replayProblem = null;
        try
        {
            var caller = await CurrentCaller.GetAsync();
            var outcome = await Replay.ReplayAsync(caller, CustomerId, new ReplayRequest([EventLogId], null));
            if (outcome.IsOk)
            {
                _outcome = outcome.Value;
                await LoadAsync();
                Snackbar.Add($"Replayed through version {_outcome!.ConfigurationVersion}: the event is now {EventStatusNames.Name(_detail!.Event.Status)}.", Severity.Success);
            }
            else
            {
                _replayProblem = outcome.Problems.Count > 0 ? string.Join(" ", outcome.Problems) : "The event no longer exists.";
            }
        }
        finally
        {
            _replaying = false;
        }
    }
}
