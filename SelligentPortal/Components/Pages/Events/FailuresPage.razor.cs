using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Events;

/// <summary>
/// Failed events grouped by reason within a time window (in the query string: <c>from</c>, <c>to</c>);
/// staff replay one group, the selected events or the whole window, with progress and the outcome.
/// </summary>
public sealed partial class FailuresPage : CustomerPageBase
{
    private const int EventsPageSize = 100;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    private bool _published;
    private DateTime _from;
    private DateTime _to;
    private FailureSummary? _summary;
    private string? _problem;
    private string? _reason;
    private List<EventSummary> _events = [];
    private string? _nextCursor;
    private IReadOnlyList<long> _selected = [];
    private ReplayProgress? _progress;
    private ReplayOutcome? _outcome;

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary>The failure reason chosen (exact), so the view is a shareable link and survives a reload.</summary>
    [SupplyParameterFromQuery(Name = "reason")]
    public string? Reason { get; set; }

    [Inject]
    public required FailureQueries Failures { get; init; }

    [Inject]
    public required RecordQueries Records { get; init; }

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required ReplayService Replay { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private bool CanReplay => IsStaff && _published;

    private bool Busy => _progress is not null;

    private FailureGroup? SelectedGroup => _summary?.Groups.FirstOrDefault(g => g.Reason == _reason);

    protected override (string Text, string? Href)[] BreadcrumbTrail => [("Failures", null)];

    protected override async Task OnCustomerParametersSetAsync()
    {
        _published = (await Configurations.ListVersionsAsync(Caller, CustomerId)).Value is { Count: > 0 };

        var problems = new List<string>();
        var to = EventLogQuery.Time(To, "to", problems);
        var from = EventLogQuery.Time(From, "from", problems);
        // The default window ends at the next whole minute, so what just failed is inside it.
        _to = to ?? NextMinute(Clock.GetUtcNow().UtcDateTime);
        _from = from ?? _to - DefaultWindow;
        _problem = problems.Count > 0 ? string.Join(" ", problems) : null;
        if (Reason != _reason)
        {
            _reason = Reason;
            _selected = [];
        }

        await LoadGroupsAsync();
    }

    private async Task LoadGroupsAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        var summary = await Failures.GroupAsync(caller, CustomerId, _from, _to);
        _summary = summary.Value;
        if (!summary.IsOk)
        {
            _problem = string.Join(" ", summary.Problems.Prepend(_problem ?? "").Where(p => p.Length > 0));
        }

        if (SelectedGroup is null)
        {
            _reason = null;
            _events = [];
            _nextCursor = null;
            _selected = [];
            return;
        }

        await LoadEventsAsync(more: false);
    }

    private Task SelectAsync(string? reason)
    {
        Navigation.NavigateTo(Address(_from, _to, reason), replace: true);
        return Task.CompletedTask;
    }

    private Task LoadMoreAsync() => LoadEventsAsync(more: true);

    private async Task LoadEventsAsync(bool more)
    {
        if (_reason is null)
        {
            _events = [];
            return;
        }

        var caller = await CurrentCaller.GetAsync();
        var page = await Records.ListEventsAsync(caller, CustomerId, GroupFilter(_reason), more ? _nextCursor : null, EventsPageSize);
        var items = page.Value?.Items ?? [];
        _events = more ? [.. _events, .. items] : [.. items];
        _nextCursor = page.Value?.NextCursor;
    }

    private Task WindowAsync(TimeSpan length)
    {
        var to = NextMinute(Clock.GetUtcNow().UtcDateTime);
        return Navigate(to - length, to);
    }

    private Task WindowAsync(string? from, string? to)
    {
        var problems = new List<string>();
        return Navigate(from is null ? _from : EventLogQuery.Time(from, "from", problems) ?? _from, to is null ? _to : EventLogQuery.Time(to, "to", problems) ?? _to);
    }

    private Task Navigate(DateTime from, DateTime to)
    {
        Navigation.NavigateTo(Address(from, to, _reason));
        return Task.CompletedTask;
    }

    private string Address(DateTime from, DateTime to, string? reason) =>
        PortalRoutes.Failures(CustomerId) + $"?from={EventLogQuery.FormatTime(from)}&to={EventLogQuery.FormatTime(to)}"
        + (reason is null ? "" : "&reason=" + Uri.EscapeDataString(reason));

    private EventFilter GroupFilter(string? reason) => new(EventStatus.Failed, From: _from, To: _to, Reason: reason);

    private Task ReplayWindowAsync() => ReplayAsync(new ReplayRequest(null, GroupFilter(null)));

    private Task ReplayGroupAsync() => ReplayAsync(new ReplayRequest(null, GroupFilter(_reason)));

    private Task ReplaySelectedAsync() => ReplayAsync(new ReplayRequest(_selected, null));

    private async Task ReplayAsync(ReplayRequest request)
    {
        if (Busy)
        {
            return;
        }

        _outcome = null;
        _progress = new ReplayProgress(0, 0);
        try
        {
            var caller = await CurrentCaller.GetAsync();
            var progress = new CallbackProgress<ReplayProgress>(p =>
            {
                _progress = p;
                _ = InvokeAsync(StateHasChanged);
            });
            var outcome = await Replay.ReplayAsync(caller, CustomerId, request, progress);
            if (outcome.IsOk)
            {
                _outcome = outcome.Value;
                _selected = [];
                await LoadGroupsAsync();
            }
            else
            {
                Snackbar.Add(string.Join(" ", outcome.Problems.DefaultIfEmpty("Those events no longer exist.")), Severity.Error, o => o.RequireInteraction = true);
            }
        }
        finally
        {
            _progress = null;
        }
    }

    private static DateTime NextMinute(DateTime now) => new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);

    /// <summary>Reports in the replay's own flow (not posted to a context), so the last report precedes the outcome.</summary>
    private sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
