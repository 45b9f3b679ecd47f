using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The IDS grid: a column per schema field, filters, order, keyset pages and live mode.</summary>
public partial class IdsRecordsGrid
{
    private IdsFilter _filter = new();
    private IdsFilter? _received;

    /// <summary>The IDS fields of the published schema, in order.</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<FieldDefinition> Fields { get; set; }

    /// <summary>The filter from the address; the grid reports its own changes through <see cref="FilterChanged"/>.</summary>
    [Parameter]
    public IdsFilter Filter { get; set; } = new();

    [Parameter]
    public EventCallback<IdsFilter> FilterChanged { get; set; }

    /// <summary>Reads a page: the filter and the cursor (null for the first page).</summary>
    [Parameter, EditorRequired]
    public required Func<IdsFilter, string?, CancellationToken, Task<Outcome<Page<IdsRecordView>>>> Load { get; set; }

    private bool IsFiltered => _filter with { Sort = IdsSort.Newest } != new IdsFilter();

    private string ExportHref => RecordExports.IdsHref(CustomerId, _filter);

    protected override async Task OnParametersSetAsync()
    {
        base.OnParametersSet();
        if (Filter == _received)
        {
            return;
        }

        _received = Filter;
        if (Filter != _filter)
        {
            _filter = Filter;
            await ReloadFromStartAsync();
        }
    }

    protected override Task<Outcome<Page<IdsRecordView>>> LoadPageAsync(string? cursor, CancellationToken cancellationToken) =>
        Load(_filter, cursor, cancellationToken);

    private async Task ApplyAsync(IdsFilter filter)
    {
        filter = filter with { Search = Clean(filter.Search), Key = Clean(filter.Key), Email = Clean(filter.Email) };
        if (filter == _filter)
        {
            return;
        }

        _filter = filter;
        await ReloadFromStartAsync();
        await FilterChanged.InvokeAsync(filter);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
