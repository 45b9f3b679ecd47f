using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Examples;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class MappingRow
{
    private bool _expanded;

    [Parameter, EditorRequired]
    public required ConfigurationWorkspace Workspace { get; set; }

    [Parameter, EditorRequired]
    public required TableForm Table { get; set; }

    [Parameter, EditorRequired]
    public required FieldForm Field { get; set; }

    [Parameter, EditorRequired]
    public required EventPathCatalog Catalog { get; set; }

    [Parameter, EditorRequired]
    public required SamplePreview Preview { get; set; }

    [Parameter, EditorRequired]
    public required string UnseenHint { get; set; }

    [Parameter, EditorRequired]
    public required string PathListId { get; set; }

    [Parameter]
    public bool Selected { get; set; }

    [Parameter]
    public EventCallback OnSelect { get; set; }

    [Parameter]
    public EventCallback OnDrop { get; set; }

    private MappingForm? Mapping => Field.Mapping;

    private bool IsRequired => Field.Role.IsKey() || Mapping?.Required == true;

    private string FirstPath => Mapping?.Paths.FirstOrDefault() ?? "";

    private List<string> Fallbacks => Mapping is null ? [] : Mapping.Paths.Skip(1).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();

    /// <summary>The first path when no sample holds it (likely a typo). Fallbacks are often for other senders: the details show theirs.</summary>
    private string? UnseenFirstPath => Mapping is { Kind: SourceKind.Paths } && Catalog.SampleCount > 0
        && FirstPath.Length > 0 && !Catalog.IsSeen(FirstPath) ? FirstPath : null;

    private string SourceText => Mapping switch
    {
        null => "not mapped",
        { Kind: SourceKind.Value } m => "value: " + m.Value.Text,
        { Kind: SourceKind.Template } m => "template: " + m.Template,
        { } m => string.Join(", then ", m.Paths.Where(p => !string.IsNullOrWhiteSpace(p))),
    };

    private string? Problem => Workspace.Problems.Under(ProblemPaths.Mapping(Workspace.Form.PathOf(Table), Field.Name)).Text();

    private string RowClass => "mapping-row" + (Selected ? " selected" : "") + (Problem is not null ? " has-problem" : "") + (Mapping is null ? " unmapped" : "");

    private string TransformText => Mapping is null ? "" : string.Join(", ", Mapping.Transforms.Select(TransformLabel));

    public static string TransformLabel(TransformDefinition transform) =>
        transform.Name == TransformDefinition.MapName ? $"map ({transform.Map?.Count ?? 0})" : transform.Name;

    private void ToggleExpanded() => _expanded = !_expanded;

    private void Changed() => Workspace.Revalidate();

    private void SetFirstPath(ChangeEventArgs e)
    {
        var path = (e.Value as string)?.Trim() ?? "";
        if (Mapping is null)
        {
            if (path.Length == 0)
            {
                return;
            }

            Field.Mapping = MappingForm.FromPaths(path);
        }
        else if (Mapping.Paths.Count == 0)
        {
            Mapping.Paths.Add(path);
        }
        else
        {
            Mapping.Paths[0] = path;
        }

        Changed();
    }

    private void SetDefault(ChangeEventArgs e)
    {
        Mapping!.Default = Mapping.Default.WithText(e.Value as string);
        Changed();
    }

    private void AddTransform(TransformDefinition transform)
    {
        Mapping!.Transforms.Add(transform);
        Changed();
    }

    private void AddMapTransform()
    {
        Mapping!.Transforms.Add(TransformDefinition.ValueMap(new Dictionary<string, string>()));
        _expanded = true;
        Changed();
    }
}
