using Microsoft.AspNetCore.Components;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>One Interaction Extension record: its fields, its recipient and the event that produced it.</summary>
public sealed partial class InteractionRecordPage : CustomerPageBase
{
    private InteractionDetail? _detail;
    private IReadOnlyList<string> _schemaOrder = [];

    [Parameter]
    public string Extension { get; set; } = "";

    [Parameter]
    public string EventId { get; set; } = "";

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required RecordQueries Queries { get; init; }

    protected override (string Text, string? Href)[] BreadcrumbTrail => RecordBreadcrumbs.Trail(CustomerId, Extension, EventId);

    protected override async Task<bool> OnCustomerFoundAsync()
    {
        var detail = await Queries.GetInteractionAsync(Caller, CustomerId, Extension, EventId);
        if (!detail.IsOk)
        {
            return false;
        }

        var published = await Configurations.GetCompiledAsync(Caller, CustomerId, null);
        _schemaOrder = published.IsOk
            ? published.Value.Compiled.Document.InteractionExtensions.FirstOrDefault(x => x.Name == Extension)?.Fields.Select(f => f.Name).ToList() ?? []
            : [];
        _detail = detail.Value;
        return true;
    }
}
