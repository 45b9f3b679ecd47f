using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Admin;

public sealed partial class UsersPage
{
    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required UserAdministration UserAdmin { get; init; }

    [Inject]
    public required CustomerService Customers { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private Caller? _caller;
    private IReadOnlyList<UserSummary> _users = [];
    private Dictionary<Guid, string> _customerNames = [];
    private bool _loading = true;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _caller = await CurrentCaller.GetAsync();
        _users = await UserAdmin.ListAsync(_caller);
        _customerNames = (await Customers.ListAsync(_caller)).ToDictionary(c => c.Id, c => c.Name);
        _loading = false;
    }

    private string CustomersOf(UserSummary user) => user.Role switch
    {
        PortalRoles.Customer => user.CustomerName ?? "—",
        PortalRoles.RelationshipManager => user.ManagedCustomerIds.Count == 0
            ? "None assigned"
            : string.Join(", ", user.ManagedCustomerIds.Select(id => _customerNames.GetValueOrDefault(id, "?")).Order()),
        PortalRoles.Admin => "All",
        _ => "—",
    };

    private async Task InviteAsync()
    {
        var dialog = await Dialogs.ShowAsync<UserRoleDialog>("Invite user", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: PasswordSetupToken token })
        {
            await ShowLinkAsync("Invitation link", token);
            await LoadAsync();
        }
    }

    private async Task EditRoleAsync(UserSummary user)
    {
        var parameters = new DialogParameters<UserRoleDialog> { { d => d.ExistingUser, user } };
        var dialog = await Dialogs.ShowAsync<UserRoleDialog>($"Role of {user.Email}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Snackbar.Add($"Role of {user.Email} changed.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ResetPasswordAsync(UserSummary user)
    {
        var outcome = await UserAdmin.CreatePasswordResetAsync(await CurrentCaller.GetAsync(), user.Id);
        if (outcome.IsOk)
        {
            await ShowLinkAsync("Password reset link", outcome.Value!);
        }
        else
        {
            Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Error);
        }
    }

    private async Task ToggleDisabledAsync(UserSummary user)
    {
        var outcome = await UserAdmin.SetDisabledAsync(await CurrentCaller.GetAsync(), user.Id, !user.IsDisabled);
        Snackbar.Add(outcome.IsOk ? $"{user.Email} is now {(user.IsDisabled ? "enabled" : "disabled")}." : string.Join(" ", outcome.Problems),
            outcome.IsOk ? Severity.Success : Severity.Error);
        await LoadAsync();
    }

    private async Task ShowLinkAsync(string title, PasswordSetupToken token)
    {
        var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token.Token));
        var link = $"{Navigation.BaseUri}Account/SetPassword?userId={Uri.EscapeDataString(token.UserId)}&code={code}";
        var parameters = new DialogParameters<SecretDialog>
        {
            { d => d.Explanation, $"Send this link to {token.Email}. It lets them set their password once, within 7 days. It is not shown again." },
            { d => d.Secret, link },
        };
        await Dialogs.ShowAsync<SecretDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
    }
}
