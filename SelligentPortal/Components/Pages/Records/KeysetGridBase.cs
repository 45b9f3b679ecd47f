using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>
/// What the record grids share: a MudDataGrid fed page by page through a keyset cursor (no total
/// count), previous/next, a filter that comes from the address and is reported back when the user
/// changes it, and live mode that reloads the first page, throttled, after commits.
/// </summary>
public abstract class KeysetGridBase<TItem, TFilter> : ComponentBase, IDisposable
    where TFilter : class
{
    public const int PageSize = 50;

    private LiveRefresh? _live;
    private Guid _liveCustomerId;
    private Guid _loadedCustomerId;
    private TFilter? _received;
    private TFilter? _current;
    private bool _refreshPending;
    private bool _disposed;

    /// <summary>The filter in effect (the user's latest change, or the address's).</summary>
    protected TFilter Current => _current ??= Empty;

    /// <summary>No filter at all.</summary>
    protected abstract TFilter Empty { get; }

    protected MudDataGrid<TItem>? Grid { get; set; }

    protected KeysetPager Pager { get; } = new();

    protected IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The rows of the page shown (the phone layout's cards read them too).</summary>
    protected IReadOnlyList<TItem> Items { get; private set; } = [];

    protected bool Loading { get; private set; }

    /// <summary>When the first page was last read (shown in live mode).</summary>
    protected DateTime? LoadedAt { get; private set; }

    [Parameter]
    public Guid CustomerId { get; set; }

    /// <summary>Reload the first page as the customer's events are committed.</summary>
    [Parameter]
    public bool Live { get; set; }

    /// <summary>The filter from the address; the grid reports its own changes through <see cref="FilterChanged"/>.</summary>
    [Parameter]
    public TFilter? Filter { get; set; }

    [Parameter]
    public EventCallback<TFilter> FilterChanged { get; set; }

    /// <summary>Reads a page: the filter and the cursor (null for the first page).</summary>
    [Parameter, EditorRequired]
    public required Func<TFilter, string?, CancellationToken, Task<Outcome<Page<TItem>>>> Load { get; set; }

    /// <summary>Failed events meant for this table: an empty grid says they arrived and failed, instead of "no records yet".</summary>
    [Parameter]
    public TableFailures? Failures { get; set; }

    [Inject]
    public required CommitNotifications Notifications { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        UpdateLive();
        var filter = Filter ?? Empty;
        var otherCustomer = _loadedCustomerId != CustomerId;
        if (filter.Equals(_received) && !otherCustomer)
        {
            return;
        }

        _received = filter;
        _loadedCustomerId = CustomerId;
        if (!filter.Equals(Current) || otherCustomer)
        {
            _current = filter;
            await ReloadFromStartAsync();
        }
    }

    /// <summary>The filter without blank texts, so "" and null mean the same.</summary>
    protected abstract TFilter Normalize(TFilter filter);

    /// <summary>The user changed the filter: read its first page and report it (the page puts it in the address).</summary>
    protected async Task ApplyAsync(TFilter filter)
    {
        filter = Normalize(filter);
        if (filter.Equals(Current))
        {
            return;
        }

        _current = filter;
        await ReloadFromStartAsync();
        await FilterChanged.InvokeAsync(filter);
    }

    protected static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    protected async Task<GridData<TItem>> LoadAsync(GridState<TItem> state, CancellationToken cancellationToken)
    {
        Loading = true;
        try
        {
            var outcome = await Load(Current, Pager.Cursor, cancellationToken);
            Problems = outcome.IsOk ? [] : outcome.Problems;
            var items = outcome.Value?.Items ?? [];
            Items = items;
            Pager.NextCursor = outcome.Value?.NextCursor;
            LoadedAt = Clock.GetUtcNow().UtcDateTime;
            // The grid renders itself; the phone's cards and the empty note are this component's.
            StateHasChanged();
            return new GridData<TItem> { Items = items, TotalItems = items.Count };
        }
        finally
        {
            Loading = false;
            UpdateLive();
            if (_refreshPending && !_disposed)
            {
                // Commits arrived while this page was read: read it once more, once this load has rendered.
                _refreshPending = false;
                _ = RefreshSoonAsync();
            }
        }
    }

    private async Task RefreshSoonAsync()
    {
        await Task.Delay(50);
        await InvokeAsync(RefreshFirstPageAsync);
    }

    /// <summary>Back to the first page and read it again (the filter changed).</summary>
    protected async Task ReloadFromStartAsync()
    {
        Pager.Reset();
        if (Grid is not null)
        {
            await Grid.ReloadServerData();
        }
    }

    protected async Task NextAsync()
    {
        Pager.Next();
        await Grid!.ReloadServerData();
    }

    protected async Task PreviousAsync()
    {
        Pager.Previous();
        await Grid!.ReloadServerData();
    }

    /// <summary>Watches commits only while live and on the first page: other pages stay still.</summary>
    private void UpdateLive()
    {
        // A load that ends after the page closed must not subscribe again: nothing would dispose it.
        var wanted = Live && Pager.PageIndex == 0 && !_disposed;
        if (_live is not null && (!wanted || _liveCustomerId != CustomerId))
        {
            _live.Dispose();
            _live = null;
        }

        if (wanted && _live is null)
        {
            _liveCustomerId = CustomerId;
            _live = new LiveRefresh(Notifications, CustomerId, () => InvokeAsync(RefreshFirstPageAsync), clock: Clock);
        }
    }

    private async Task RefreshFirstPageAsync()
    {
        if (_disposed || !Live || Pager.PageIndex != 0 || Grid is null)
        {
            return;
        }

        if (Loading)
        {
            _refreshPending = true;
            return;
        }

        await Grid.ReloadServerData();
    }

    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
        _live = null;
        GC.SuppressFinalize(this);
    }
}
