using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using SelligentPortal.Core.Configuration;
using FieldType = SelligentPortal.Core.Configuration.FieldType;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class TableSchemaEditor
{
    private string? _newEvent;

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Parameter, EditorRequired]
    public required ConfigurationWorkspace Workspace { get; set; }

    [Parameter, EditorRequired]
    public required TableForm Table { get; set; }

    [Parameter]
    public EventCallback OnRemove { get; set; }

    private string TablePath => Workspace.Form.PathOf(Table);

    private string TableIndex => Table.IsExtension ? "ext" + Workspace.Form.InteractionExtensions.IndexOf(Table) : "ids";

    private IEnumerable<FieldRole> Roles => Table.IsExtension
        ? [FieldRole.PrimaryKey, FieldRole.RecipientKey, FieldRole.EventType, FieldRole.EventTimestamp]
        : [FieldRole.PrimaryKey, FieldRole.Email];

    private string? TableProblem => Workspace.Problems.At(TablePath + ".name").Text();

    private string? FieldsProblem => Workspace.Problems.At(TablePath + ".fields").Text();

    private string? EventsProblem => Workspace.Problems.Under(TablePath + ".events").Text();

    private void Changed() => Workspace.Revalidate();

    private void SetTableName(string? name)
    {
        Table.Name = name ?? string.Empty;
        Changed();
    }

    private void SetName(FieldForm field, string? name)
    {
        field.Name = name ?? string.Empty;
        Changed();
    }

    private void SetType(FieldForm field, FieldType type)
    {
        field.ChangeType(type);
        Changed();
    }

    private void SetMaxLength(FieldForm field, int? maxLength)
    {
        field.MaxLength = maxLength;
        Changed();
    }

    private void SetRole(FieldForm field, FieldRole? role)
    {
        field.Role = role;
        Changed();
    }

    private void Move(FieldForm field, int offset)
    {
        Table.Move(field, offset);
        Changed();
    }

    private static string RoleText(FieldRole? role) => role?.ToDisplayName() ?? "No role";

    /// <summary>
    /// Removes a field; one that is mapped or plays a role is confirmed first (its mapping goes with it).
    /// Either way the snackbar offers to undo, putting the field and its mapping back where they were.
    /// </summary>
    private async Task RemoveAsync(FieldForm field)
    {
        var mapped = field.Mapping is not null;
        if (mapped || field.Role is not null)
        {
            var consequences = new List<string>();
            if (field.Role is { } role)
            {
                consequences.Add($"{field.Name} is the {role.ToDisplayName().ToLowerInvariant()} of {Table.Name}: the table needs one to be saved.");
            }

            if (mapped)
            {
                consequences.Add($"Its mapping ({MappingText(field.Mapping!)}) is removed with it.");
            }

            var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
            {
                Title = $"Remove {field.Name}?",
                Message = string.Join(" ", consequences),
                YesText = "Remove",
                CancelText = "Cancel",
            });
            if (confirmed != true)
            {
                return;
            }
        }

        var index = Table.Fields.IndexOf(field);
        Table.Fields.Remove(field);
        Changed();
        Snackbar.Add($"Removed {field.Name} from {Table.Name}.", Severity.Normal, options =>
        {
            options.Action = "Undo";
            options.ActionColor = Color.Primary;
            options.OnClick = _ =>
            {
                if (!Table.Fields.Contains(field))
                {
                    Table.Fields.Insert(Math.Min(index, Table.Fields.Count), field);
                    Changed();
                }

                return Task.CompletedTask;
            };
        });
    }

    private static string MappingText(MappingForm mapping) => mapping.Kind switch
    {
        SourceKind.Value => "a constant",
        SourceKind.Template => "a template",
        _ => "from " + string.Join(", then ", mapping.Paths.Where(p => !string.IsNullOrWhiteSpace(p))),
    };

    private void AddField()
    {
        Table.AddField();
        Changed();
    }

    private void AddEvent()
    {
        var name = _newEvent?.Trim();
        if (!string.IsNullOrEmpty(name) && !Table.Events.Contains(name, StringComparer.Ordinal))
        {
            Table.Events.Add(name);
            Changed();
        }

        _newEvent = null;
    }

    private EventCallback<MudChip<string>> CloseEvent(string name) =>
        Workspace.ReadOnly ? default : EventCallback.Factory.Create<MudChip<string>>(this, () => RemoveEvent(name));

    private void RemoveEvent(string name)
    {
        Table.Events.Remove(name);
        Changed();
    }

    private void OnEventKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            AddEvent();
        }
    }
}
