using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class MappingPreview
{
    [Inject]
    public required IJSRuntime JS { get; init; }

    [Parameter, EditorRequired]
    public required ConfigurationWorkspace Workspace { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<SampleEvent> Samples { get; set; } = [];

    /// <summary>The index of the sample shown, or <see cref="MappingEditor.Pasted"/>.</summary>
    [Parameter]
    public int Sample { get; set; }

    [Parameter]
    public EventCallback<int> SampleChanged { get; set; }

    [Parameter]
    public string? Pasted { get; set; }

    [Parameter]
    public EventCallback<string?> PastedChanged { get; set; }

    [Parameter, EditorRequired]
    public required SamplePreview Preview { get; set; }

    /// <summary>Saves the event shown as a regression fixture (staff); the button is hidden without it.</summary>
    [Parameter]
    public EventCallback<SampleEvent> SaveAsFixture { get; set; }

    private SampleEvent? Shown => Sample == MappingEditor.Pasted
        ? (string.IsNullOrWhiteSpace(Pasted) ? null : new SampleEvent("Pasted JSON", Pasted))
        : Sample < Samples.Count ? Samples[Sample] : null;

    /// <summary>The field selected in the table: marked here and scrolled into this panel's view.</summary>
    [Parameter]
    public FieldForm? SelectedField { get; set; }

    [Parameter]
    public string? SelectedTable { get; set; }

    private FieldForm? _shown;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!ReferenceEquals(_shown, SelectedField) && SelectedField is not null && RendererInfo.IsInteractive)
        {
            _shown = SelectedField;
            await JS.InvokeVoidAsync("portal.scrollIntoViewNearest", "[data-testid=preview] tr.selected");
        }
    }

    private string Label(int index) =>
        index == MappingEditor.Pasted ? "Pasted JSON" : index < Samples.Count ? SampleEventLabel.Describe(Samples[index]) : "";

    private static Color OutcomeColor(MappingOutcome outcome) => outcome switch
    {
        MappingOutcome.Mapped => Color.Success,
        MappingOutcome.Skipped => Color.Info,
        _ => Color.Error,
    };
}
