using Microsoft.AspNetCore.Components;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Records;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>
/// A customer's records: the IDS and one tab per Interaction Extension of the latest published
/// configuration. Filters, order, tab and live mode live in the query string, so a view can be shared.
/// </summary>
public sealed partial class RecordsPage : CustomerPageBase
{
    private const string IdsTab = "ids";

    private Guid _loadedFor;
    private int? _version;
    private ConfigurationDocument? _document;
    private List<string> _queryProblems = [];
    private int _activeIndex;
    private IdsFilter _idsFilter = new();
    private Dictionary<string, TableFailures> _failures = [];
    private InteractionFilter _interactionFilter = new();

    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [SupplyParameterFromQuery(Name = "search")]
    public string? Search { get; set; }

    [SupplyParameterFromQuery(Name = "key")]
    public string? Key { get; set; }

    [SupplyParameterFromQuery(Name = "email")]
    public string? Email { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "recipient")]
    public string? Recipient { get; set; }

    [SupplyParameterFromQuery(Name = "eventType")]
    public string? EventType { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    [SupplyParameterFromQuery(Name = "live")]
    public bool Live { get; set; }

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required RecordQueries Queries { get; init; }

    [Inject]
    public required FailureQueries FailureCounts { get; init; }

    protected override (string Text, string? Href)[] BreadcrumbTrail => [("Records", null)];

    /// <summary>A change of the query string alone keeps the customer, its published configuration and failures.</summary>
    protected override bool CustomerIsCurrent => _loadedFor == CustomerId;

    protected override async Task<bool> OnCustomerFoundAsync()
    {
        var published = await Configurations.GetCompiledAsync(Caller, CustomerId, null);
        _version = published.IsOk ? published.Value.Version : null;
        _document = published.IsOk ? published.Value.Compiled.Document : null;
        return true;
    }

    protected override async Task OnCustomerParametersSetAsync()
    {
        if (_loadedFor != CustomerId)
        {
            await LoadFailuresAsync();
        }

        _queryProblems = [];
        var from = Time(From, "from");
        var to = Time(To, "to");
        var sort = IdsSort.Newest;
        if (!string.IsNullOrEmpty(Sort) && !IdsFilter.SortNames.TryGetValue(Sort, out sort))
        {
            _queryProblems.Add($"Ignored sort=\"{Sort}\": it is one of {string.Join(", ", IdsFilter.SortNames.Keys)}.");
        }

        var extensions = _document?.InteractionExtensions ?? [];
        var extensionIndex = extensions.ToList().FindIndex(e => string.Equals(e.Name, Tab, StringComparison.Ordinal));
        if (!string.IsNullOrEmpty(Tab) && Tab != IdsTab && extensionIndex < 0 && _document is not null)
        {
            _queryProblems.Add($"The published configuration has no Interaction Extension \"{Tab}\"; showing the IDS.");
        }

        _activeIndex = extensionIndex + 1;
        _idsFilter = new IdsFilter(Search, Key, Email, from, to, sort);
        _interactionFilter = new InteractionFilter(Recipient, EventType, from, to);
    }

    private async Task LoadFailuresAsync()
    {
        // What failed on the way to each table, so an empty grid can say so ("" is the IDS).
        _failures = [];
        if (_document is not null)
        {
            foreach (var (table, events) in _document.InteractionExtensions.Select(e => (e.Name, (IReadOnlyList<string>?)e.Events)).Prepend(("", null)))
            {
                if ((await FailureCounts.ForTableAsync(Caller, CustomerId, events)).Value is { } failures)
                {
                    _failures[table] = failures;
                }
            }
        }
        _loadedFor = CustomerId;
    }

    private DateTime? Time(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var value = RecordText.ParseUtc(text);
        if (value is null)
        {
            _queryProblems.Add($"Ignored {name}=\"{text}\": not a time (use ISO 8601 UTC, e.g. 2026-12-03T10:00:00Z).");
        }

        return value;
    }

    private async Task<Outcome<Page<IdsRecordView>>> LoadIdsAsync(IdsFilter filter, string? cursor, CancellationToken cancellationToken) =>
        await Queries.ListIdsAsync(await CurrentCaller.GetAsync(cancellationToken), CustomerId, filter, cursor,
            KeysetGridBase<IdsRecordView, IdsFilter>.PageSize, cancellationToken);

    private async Task<Outcome<Page<InteractionView>>> LoadInteractionsAsync(
        string extension, InteractionFilter filter, string? cursor, CancellationToken cancellationToken) =>
        await Queries.ListInteractionsAsync(await CurrentCaller.GetAsync(cancellationToken), CustomerId, extension, filter, cursor,
            KeysetGridBase<InteractionView, InteractionFilter>.PageSize, cancellationToken);

    private Task NavigateAsync(IdsFilter filter) => Go(RecordFilterParameters.Of(filter));

    private Task NavigateAsync(InteractionFilter filter, string extension)
    {
        var parameters = RecordFilterParameters.Of(filter);
        parameters["tab"] = extension;
        return Go(parameters);
    }

    private Task SelectTabAsync(int index)
    {
        var tab = index == 0 ? null : _document?.InteractionExtensions[index - 1].Name;
        // Another table has other fields: its filters start empty.
        return Go(new() { ["tab"] = tab }, keepFilters: false);
    }

    private Task SetLiveAsync(bool live) => Go(new() { ["live"] = live ? "true" : null });

    private Task Go(Dictionary<string, object?> changes, bool keepFilters = true)
    {
        if (!keepFilters)
        {
            foreach (var name in RecordFilterParameters.Of(new IdsFilter()).Keys.Concat(RecordFilterParameters.Of(new InteractionFilter()).Keys))
            {
                changes.TryAdd(name, null);
            }
        }

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(changes), replace: true);
        return Task.CompletedTask;
    }
}
