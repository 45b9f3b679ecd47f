using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Records;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Events;

/// <summary>
/// A customer's event log: keyset paging (a stack of cursors, one per page seen; no total count, so
/// a page costs one index range scan however long the log is) and filters kept in the query string.
/// </summary>
public sealed partial class EventLogPage : CustomerPageBase
{
    private const int PageSize = 50;

    private readonly KeysetPager _pager = new();
    private MudDataGrid<EventSummary>? _grid;
    private EventFilter _filter = new();
    private IReadOnlyList<string> _problems = [];

    [SupplyParameterFromQuery(Name = "status")]
    public string? Status { get; set; }

    [SupplyParameterFromQuery(Name = "type")]
    public string? Type { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    [SupplyParameterFromQuery(Name = "messageId")]
    public string? MessageId { get; set; }

    [Inject]
    public required RecordQueries Records { get; init; }

    private string ExportHref => PortalRoutes.EventLogExport(CustomerId) + EventLogQuery.Format(_filter);

    protected override (string Text, string? Href)[] BreadcrumbTrail => [("Event log", null)];

    protected override async Task OnCustomerParametersSetAsync()
    {
        var filter = EventLogQuery.Parse(Status, Type, From, To, MessageId, out _problems);
        if (filter != _filter)
        {
            _filter = filter;
            await FirstPageAsync();
        }
    }

    private Task FilterChangedAsync(EventFilter filter)
    {
        Navigation.NavigateTo(PortalRoutes.EventLog(CustomerId) + EventLogQuery.Format(filter));
        return Task.CompletedTask;
    }

    private async Task<GridData<EventSummary>> LoadAsync(GridState<EventSummary> state, CancellationToken cancellationToken)
    {
        if (_problems.Count > 0)
        {
            _pager.NextCursor = null;
            return new GridData<EventSummary> { Items = [], TotalItems = 0 };
        }

        var caller = await CurrentCaller.GetAsync(cancellationToken);
        var page = await Records.ListEventsAsync(caller, CustomerId, _filter, _pager.Cursor, PageSize, cancellationToken);
        var items = page.Value?.Items ?? [];
        _pager.NextCursor = page.Value?.NextCursor;
        return new GridData<EventSummary> { Items = items, TotalItems = items.Count };
    }

    private async Task FirstPageAsync()
    {
        _pager.Reset();
        await ReloadAsync();
    }

    private async Task NextAsync()
    {
        _pager.Next();
        await ReloadAsync();
    }

    private async Task PreviousAsync()
    {
        _pager.Previous();
        await ReloadAsync();
    }

    private Task ReloadAsync() => _grid is null ? Task.CompletedTask : _grid.ReloadServerData();

    private Task OpenAsync(DataGridRowClickEventArgs<EventSummary> args)
    {
        Navigation.NavigateTo(PortalRoutes.EventDetail(CustomerId, args.Item.Id));
        return Task.CompletedTask;
    }
}
