using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Admin;

public sealed partial class UserRoleDialog
{
    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required UserAdministration UserAdmin { get; init; }

    [Inject]
    public required CustomerService Customers { get; init; }

    private readonly UserForm _model = new();
    private IReadOnlyList<CustomerSummary> _customers = [];
    private List<(string? Field, string Message)> _problems = [];
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    /// <summary>Set to change this user's role; null to invite a new user.</summary>
    [Parameter]
    public UserSummary? ExistingUser { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _customers = await Customers.ListAsync(await CurrentCaller.GetAsync());
        if (ExistingUser is { } user)
        {
            _model.Role = user.Role;
            _model.CustomerId = user.CustomerId;
            _model.ManagedCustomerIds = user.ManagedCustomerIds.ToHashSet();
        }
    }

    private string CustomerName(Guid? id) => _customers.FirstOrDefault(c => c.Id == id)?.Name ?? "";

    private string? ErrorOf(string field) =>
        _problems.Where(p => p.Field == field).Select(p => p.Message).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    /// <summary>A field changed: its own problems are gone until the next submit says otherwise.</summary>
    private void Set(string field, Action assign)
    {
        assign();
        _problems.RemoveAll(p => p.Field == field);
    }

    private static List<(string? Field, string Message)> Located<T>(Outcome<T> outcome) =>
        outcome.Problems.Select((message, i) => (outcome.ProblemPaths.ElementAtOrDefault(i), message)).ToList();

    private async Task SubmitAsync()
    {
        _saving = true;
        var caller = await CurrentCaller.GetAsync();
        if (ExistingUser is { } user)
        {
            var outcome = await UserAdmin.ChangeRoleAsync(caller, user.Id, _model.Role, _model.CustomerId, _model.ManagedCustomerIds.ToList());
            _problems = Located(outcome);
            if (outcome.IsOk)
            {
                MudDialog.Close(DialogResult.Ok(true));
            }
        }
        else
        {
            var outcome = await UserAdmin.InviteAsync(caller, new UserInvitation(
                _model.Email, _model.DisplayName, _model.Role, _model.CustomerId, _model.ManagedCustomerIds.ToList()));
            _problems = Located(outcome);
            if (outcome.IsOk)
            {
                MudDialog.Close(DialogResult.Ok(outcome.Value));
            }
        }

        _saving = false;
    }

    /// <summary>The dialog's form model (never an entity).</summary>
    private sealed class UserForm
    {
        public string? Email { get; set; }

        public string? DisplayName { get; set; }

        public string? Role { get; set; } = PortalRoles.RelationshipManager;

        public Guid? CustomerId { get; set; }

        public IReadOnlyCollection<Guid> ManagedCustomerIds { get; set; } = [];
    }
}
