using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>One Interaction Extension's grid: newest first, filters by recipient, event type and event time.</summary>
public partial class InteractionRecordsGrid
{
    [Parameter, EditorRequired]
    public required InteractionExtensionDefinition Extension { get; set; }

    protected override InteractionFilter Empty { get; } = new();

    protected override InteractionFilter Normalize(InteractionFilter filter) =>
        filter with { Recipient = Clean(filter.Recipient), EventType = Clean(filter.EventType) };
}
