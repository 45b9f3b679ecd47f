using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>
/// What the record grids share: a MudDataGrid fed page by page through a keyset cursor (no total
/// count), previous/next, and live mode that reloads the first page, throttled, after commits.
/// </summary>
public abstract class KeysetGridBase<TItem> : ComponentBase, IDisposable
{
    public const int PageSize = 50;

    private LiveRefresh? _live;

    protected MudDataGrid<TItem>? Grid { get; set; }

    protected KeysetPager Pager { get; } = new();

    protected IReadOnlyList<string> Problems { get; private set; } = [];

    protected bool Loading { get; private set; }

    /// <summary>When the first page was last read (shown in live mode).</summary>
    protected DateTime? LoadedAt { get; private set; }

    [Parameter]
    public Guid CustomerId { get; set; }

    /// <summary>Reload the first page as the customer's events are committed.</summary>
    [Parameter]
    public bool Live { get; set; }

    [Inject]
    public required CommitNotifications Notifications { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    /// <summary>Reads one page of the current filter from <paramref name="cursor"/>.</summary>
    protected abstract Task<Outcome<Page<TItem>>> LoadPageAsync(string? cursor, CancellationToken cancellationToken);

    protected override void OnParametersSet() => UpdateLive();

    protected async Task<GridData<TItem>> LoadAsync(GridState<TItem> state, CancellationToken cancellationToken)
    {
        Loading = true;
        try
        {
            var outcome = await LoadPageAsync(Pager.Cursor, cancellationToken);
            Problems = outcome.IsOk ? [] : outcome.Problems;
            var items = outcome.Value?.Items ?? [];
            Pager.NextCursor = outcome.Value?.NextCursor;
            LoadedAt = Clock.GetUtcNow().UtcDateTime;
            return new GridData<TItem> { Items = items, TotalItems = items.Count };
        }
        finally
        {
            Loading = false;
            UpdateLive();
        }
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
        var wanted = Live && Pager.PageIndex == 0;
        if (wanted && _live is null)
        {
            _live = new LiveRefresh(Notifications, CustomerId, () => InvokeAsync(RefreshFirstPageAsync), clock: Clock);
        }
        else if (!wanted && _live is not null)
        {
            _live.Dispose();
            _live = null;
        }
    }

    private async Task RefreshFirstPageAsync()
    {
        if (Live && Pager.PageIndex == 0 && Grid is not null && !Loading)
        {
            await Grid.ReloadServerData();
        }
    }

    public void Dispose()
    {
        _live?.Dispose();
        _live = null;
        GC.SuppressFinalize(this);
    }
}
