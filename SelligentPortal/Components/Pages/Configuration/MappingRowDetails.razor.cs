using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Examples;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class MappingRowDetails
{
    [Parameter, EditorRequired]
    public required ConfigurationWorkspace Workspace { get; set; }

    [Parameter, EditorRequired]
    public required FieldForm Field { get; set; }

    [Parameter, EditorRequired]
    public required string PathListId { get; set; }

    [Parameter, EditorRequired]
    public required EventPathCatalog Catalog { get; set; }

    [Parameter, EditorRequired]
    public required string UnseenHint { get; set; }

    [Parameter]
    public EventCallback OnClose { get; set; }

    private MappingForm? Mapping => Field.Mapping;

    private bool IsKey => Field.Role.IsKey();

    private bool IsRequired => IsKey || Mapping?.Required == true;

    private void Changed() => Workspace.Revalidate();

    private void SetKind(SourceKind kind)
    {
        Mapping!.Kind = kind;
        Changed();
    }

    private void SetPath(int index, ChangeEventArgs e)
    {
        Mapping!.Paths[index] = (e.Value as string)?.Trim() ?? string.Empty;
        Changed();
    }

    private void AddPath() => Mapping!.Paths.Add(string.Empty);

    private void MovePath(int index, int offset)
    {
        var path = Mapping!.Paths[index];
        Mapping.Paths.RemoveAt(index);
        Mapping.Paths.Insert(index + offset, path);
        Changed();
    }

    private void RemovePath(int index)
    {
        Mapping!.Paths.RemoveAt(index);
        Changed();
    }

    private void SetValue(ChangeEventArgs e)
    {
        Mapping!.Value = Mapping.Value.WithText(e.Value as string);
        Changed();
    }

    private void SetTemplate(ChangeEventArgs e)
    {
        Mapping!.Template = e.Value as string ?? string.Empty;
        Changed();
    }

    private void SetRequired(bool required)
    {
        Mapping!.Required = required ? true : null;
        Changed();
    }

    private void RemoveMapping()
    {
        Field.Mapping = null;
        Changed();
    }

    private void RemoveTransform(int index)
    {
        Mapping!.Transforms.RemoveAt(index);
        Changed();
    }

    private void ReplaceTransform(int index, TransformDefinition transform)
    {
        Mapping!.Transforms[index] = transform;
        Changed();
    }
}
