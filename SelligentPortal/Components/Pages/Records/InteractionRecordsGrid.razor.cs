using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>One Interaction Extension's grid: newest first, filters by recipient, event type and event time.</summary>
public partial class InteractionRecordsGrid
{
    private InteractionFilter _filter = new();
    private InteractionFilter? _received;

    [Parameter, EditorRequired]
    public required InteractionExtensionDefinition Extension { get; set; }

    [Parameter]
    public InteractionFilter Filter { get; set; } = new();

    [Parameter]
    public EventCallback<InteractionFilter> FilterChanged { get; set; }

    [Parameter, EditorRequired]
    public required Func<InteractionFilter, string?, CancellationToken, Task<Outcome<Page<InteractionView>>>> Load { get; set; }

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

    protected override Task<Outcome<Page<InteractionView>>> LoadPageAsync(string? cursor, CancellationToken cancellationToken) =>
        Load(_filter, cursor, cancellationToken);

    private async Task ApplyAsync(InteractionFilter filter)
    {
        filter = filter with { Recipient = Clean(filter.Recipient), EventType = Clean(filter.EventType) };
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
