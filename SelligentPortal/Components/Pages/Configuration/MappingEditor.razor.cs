using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Examples;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>
/// The mapping editor: a table of the chosen table's fields, mapped by dragging a path from the tree, by
/// selecting a row and clicking a path, or by typing; the preview runs the working copy on a sample as it changes.
/// </summary>
public partial class MappingEditor : IDisposable
{
    /// <summary>The sample index meaning "the JSON the user pasted".</summary>
    public const int Pasted = -1;

    private readonly string _pathListId = "mapping-paths-" + Guid.NewGuid().ToString("N")[..8];
    private int _tableIndex;
    private FieldForm? _selected;
    private string? _dragged;
    private string? _feedback;
    private EventPathCatalog _catalog = EventPathCatalog.Empty;
    private EditorSamples? _catalogSamples;
    private int _sample;
    private string? _pasted;
    private string? _preferred;
    private SamplePreview _preview = SamplePreview.None;
    private (ConfigurationDocument? Document, int Sample, string? Pasted) _previewed;
    private ConfigurationWorkspace? _subscribed;

    [Parameter, EditorRequired]
    public required ConfigurationWorkspace Workspace { get; set; }

    [Parameter, EditorRequired]
    public EditorSamples Samples { get; set; } = EditorSamples.BuiltIn;

    /// <summary>Saves the previewed event as a regression fixture (staff only; hidden without it).</summary>
    [Parameter]
    public EventCallback<SampleEvent> SaveAsFixture { get; set; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private List<TableForm> Tables => [.. Workspace.Form.Tables];

    private TableForm Table => Tables[Math.Min(_tableIndex, Tables.Count - 1)];

    private IReadOnlyList<SampleEvent> List => Samples.Samples;

    private string SampleLabel => _sample == Pasted ? "the pasted JSON" : _sample < List.Count ? SampleEventLabel.Describe(List[_sample]) : "none";

    /// <summary>What a path that no sample holds is told: likely a typo, or a property this customer never sends.</summary>
    private string UnseenHint => Samples.RecentPayloads.Count switch
    {
        0 => $"not seen in the {_catalog.SampleCount} Segment examples",
        1 => "not seen in the last event",
        var n => $"not seen in the last {n} events",
    };

    private string PathSource => Samples.RecentPayloads.Count switch
    {
        0 => "from Segment's examples",
        1 => "from the last event and Segment's examples",
        var n => $"from the last {n} events and Segment's examples",
    };

    protected override void OnParametersSet()
    {
        // Rows change the working copy themselves; the preview and the other rows follow every change.
        if (!ReferenceEquals(_subscribed, Workspace))
        {
            _subscribed?.Changed -= OnWorkspaceChanged;
            _subscribed = Workspace;
            Workspace.Changed += OnWorkspaceChanged;
        }

        if (!ReferenceEquals(Samples, _catalogSamples))
        {
            _catalogSamples = Samples;
            _catalog = EventPathCatalog.Build(Samples.CatalogPayloads);
        }

        if (_tableIndex >= Tables.Count)
        {
            _tableIndex = 0;
        }

        if (_selected is not null && !Table.Fields.Contains(_selected))
        {
            _selected = null;
        }

        // The sample follows the table: an identify for the IDS, a track the extension takes for an extension.
        var preferred = Table.IsExtension ? "track:" + Table.Name : "identify";
        if (preferred != _preferred)
        {
            _preferred = preferred;
            if (_sample != Pasted)
            {
                var index = List.ToList().FindIndex(s => Suits(s.Json, Table));
                _sample = Math.Max(index, 0);
            }
        }

        RunPreview();
    }

    private void OnWorkspaceChanged()
    {
        RunPreview();
        StateHasChanged();
    }

    public void Dispose() => _subscribed?.Changed -= OnWorkspaceChanged;

    private void RunPreview()
    {
        var key = (Workspace.Document, _sample, _sample == Pasted ? _pasted : null);
        if (key == _previewed)
        {
            return;
        }

        _previewed = key;
        var json = _sample == Pasted ? _pasted : _sample < List.Count ? List[_sample].Json : null;
        _preview = Workspace.Compiled is { } compiled ? SamplePreview.Run(compiled, json, Clock.GetUtcNow().UtcDateTime) : SamplePreview.None;
    }

    private static bool Suits(string json, TableForm table)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!table.IsExtension)
            {
                return type == "identify";
            }

            var name = root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return type == "track" && (table.Events.Count == 0 || table.Events.Contains(name ?? ""));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string TableLabel(int index) =>
        (index == 0 ? "IDS: " : "Extension: ") + (string.IsNullOrEmpty(Tables[index].Name) ? "(unnamed)" : Tables[index].Name);

    private void SelectTable(int index)
    {
        _tableIndex = index;
        _selected = null;
        _feedback = null;
    }

    private void Select(FieldForm field)
    {
        if (!ReferenceEquals(field, _selected))
        {
            _feedback = null;
        }

        _selected = field;
    }

    private void ChooseSample(int sample)
    {
        _sample = sample;
        RunPreview();
    }

    private void SetPasted(string? json)
    {
        _pasted = json;
        RunPreview();
    }

    private async Task UsePathAsync(string path)
    {
        if (_selected is not null && !Workspace.ReadOnly)
        {
            await SetSourceAsync(_selected, path);
        }
    }

    private async Task DropOnAsync(FieldForm field)
    {
        var path = _dragged;
        _dragged = null;
        if (path is not null && !Workspace.ReadOnly)
        {
            _selected = field;
            await SetSourceAsync(field, path);
        }
    }

    /// <summary>
    /// Makes a path the field's source. A field that already reads another path, a value or a template is
    /// not changed silently: the user replaces it, adds the path as a fallback, or cancels.
    /// </summary>
    private async Task SetSourceAsync(FieldForm field, string path)
    {
        var mapping = field.Mapping;
        var current = mapping is null ? [] : mapping.Paths.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        var hasSource = mapping is not null && (mapping.Kind != SourceKind.Paths || current.Count > 0);
        if (mapping is { Kind: SourceKind.Paths } && current.Contains(path, StringComparer.Ordinal))
        {
            _feedback = $"{field.Name} already reads {path}.";
            return;
        }

        var asFallback = false;
        if (hasSource)
        {
            var answer = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
            {
                Title = $"{field.Name} already has a source",
                Message = mapping!.Kind == SourceKind.Paths
                    ? $"{field.Name} reads {string.Join(", then ", current)}. Replace {current[0]} with {path}, or keep it and add {path} as a fallback (read when the others are missing)?"
                    : $"{field.Name} uses a {(mapping.Kind == SourceKind.Value ? "constant value" : "template")}. Replace it with the path {path}?",
                YesText = "Replace",
                NoText = mapping.Kind == SourceKind.Paths ? "Add as fallback" : null,
                CancelText = "Cancel",
            });
            if (answer is null)
            {
                return;
            }

            asFallback = answer == false;
        }

        mapping = field.Mapping ??= new MappingForm();
        mapping.Kind = SourceKind.Paths;
        mapping.Paths.RemoveAll(string.IsNullOrWhiteSpace);
        if (asFallback)
        {
            mapping.Paths.Add(path);
            _feedback = $"{field.Name} falls back to {path}.";
        }
        else
        {
            if (mapping.Paths.Count > 0)
            {
                mapping.Paths[0] = path;
            }
            else
            {
                mapping.Paths.Add(path);
            }

            _feedback = $"{field.Name} now reads {path}.";
        }

        Workspace.Revalidate();
    }
}
