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

    private bool IsFiltered => Current != new InteractionFilter();

    private FieldDefinition KeyField => Extension.Fields.FirstOrDefault(f => f.Role == FieldRole.PrimaryKey) ?? new FieldDefinition("event_id", FieldType.Text);

    /// <summary>The Track events the extension takes, in words.</summary>
    private string EventsText => Extension.Events switch
    {
        [] => "track events",
        [var name] => $"\"{name}\" events",
        _ => $"track events for {Extension.Name}",
    };

    protected override InteractionFilter Normalize(InteractionFilter filter) =>
        filter with { Recipient = Clean(filter.Recipient), EventType = Clean(filter.EventType) };
}
