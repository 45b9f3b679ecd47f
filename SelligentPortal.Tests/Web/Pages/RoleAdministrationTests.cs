using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Pages.Admin;
using SelligentPortal.Components.Pages.Customers;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>
/// PRODUCT.md section 1: Admins manage roles and which RMs serve which customers. A role change takes
/// effect at once; a Relationship Manager or Customer user is refused by the dialogs that make these
/// changes, even with the dialog open in their own circuit.
/// </summary>
public class RoleAdministrationTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private PortalUser _admin = default!;
    private PortalUser _rm = default!;
    private PortalUser _customerUser = default!;
    private CustomerSummary _acme = default!;
    private Guid _globex;

    public async ValueTask InitializeAsync()
    {
        _admin = await _factory.CreateAdminAsync();
        _acme = await _factory.CreateCustomerAsync("Acme");
        _globex = (await _factory.CreateCustomerAsync("Globex")).Id;
        _rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _acme.Id);
        _customerUser = await _factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, _acme.Id);
        _acme = (await _factory.Services.GetRequiredService<CustomerService>().FindAsync(IngestionScenario.System, _acme.Id))!;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private PortalUser Who(string who) => who == "rm" ? _rm : _customerUser;

    private async Task<List<string>> ManagersOfAcmeAsync()
    {
        await using var db = _factory.Services.GetRequiredService<PortalDbFactory>().CreateUnrestricted();
        return await db.RelationshipManagerAssignments.Where(a => a.CustomerId == _acme.Id).Select(a => a.UserId).ToListAsync();
    }

    private static async Task<IRenderedComponent<MudDialogProvider>> ShowAsync<TDialog>(BunitContext circuit, DialogParameters<TDialog> parameters)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        circuit.Render<MudPopoverProvider>();
        var provider = circuit.Render<MudDialogProvider>();
        var dialogs = circuit.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>("Dialog", parameters));
        return provider;
    }

    [Fact]
    public async Task ChangeRole_ByAdmin_TakesEffectAtOnceWithTheNewScope()
    {
        var admins = _factory.Services.GetRequiredService<UserAdministration>();

        var changed = await admins.ChangeRoleAsync(await _factory.CallerOfAsync(_admin), _rm.Id, PortalRoles.Customer, _globex, null);

        Assert.True(changed.IsOk, string.Join(" ", changed.Problems));
        var caller = await _factory.CallerOfAsync(_rm);
        Assert.Equal(PortalRoles.Customer, caller.Role);
        Assert.Equal([_globex], caller.Scope.CustomerIds);
        Assert.Empty(await ManagersOfAcmeAsync());
        Assert.Null(await _factory.Services.GetRequiredService<CustomerService>().FindAsync(caller, _acme.Id));
        Assert.NotEqual(_rm.SecurityStamp, (await _factory.FindUserAsync("rm@example.com")).SecurityStamp);
    }

    [Theory]
    [InlineData("rm")]
    [InlineData("customer")]
    public async Task RoleDialog_OpenedByNonAdmin_IsRefusedAndChangesNothing(string who)
    {
        var target = (await _factory.Services.GetRequiredService<UserAdministration>().ListAsync(await _factory.CallerOfAsync(_admin)))
            .Single(u => u.Id == _customerUser.Id);
        await using var circuit = PortalComponentContext.Circuit(_factory, Who(who));
        var dialog = await ShowAsync(circuit, new DialogParameters<UserRoleDialog> { { d => d.ExistingUser, target } });

        dialog.WaitForElement("[data-testid=invite-submit]").Click();

        dialog.WaitForAssertion(() => Assert.Contains("Only Admins change roles.", dialog.Find("[data-testid=user-problems]").TextContent));
        Assert.Equal(PortalRoles.Customer, (await _factory.CallerOfAsync(_customerUser)).Role);
    }

    [Theory]
    [InlineData("rm")]
    [InlineData("customer")]
    public async Task ManagersDialog_SavedByNonAdmin_IsRefusedAndChangesNothing(string who)
    {
        await using var circuit = PortalComponentContext.Circuit(_factory, Who(who));
        var dialog = await ShowAsync(circuit, new DialogParameters<AssignManagersDialog> { { d => d.Customer, _acme } });

        // Whatever the non-Admin selects (nothing is offered to them), saving would replace the managers.
        dialog.WaitForElement("[data-testid=managers-save]:not([disabled])").Click();

        var snackbar = circuit.Services.GetRequiredService<ISnackbar>();
        dialog.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message == "Only Admins assign Relationship Managers."));
        Assert.Equal([_rm.Id], await ManagersOfAcmeAsync());
    }

    [Fact]
    public async Task ManagersDialog_SavedByAdmin_IsApplied()
    {
        await using var circuit = PortalComponentContext.Circuit(_factory, _admin);
        var dialog = await ShowAsync(circuit, new DialogParameters<AssignManagersDialog> { { d => d.Customer, _acme } });

        dialog.WaitForElement("[data-testid=managers-save]:not([disabled])").Click();

        var snackbar = circuit.Services.GetRequiredService<ISnackbar>();
        dialog.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message == "Relationship Managers of Acme updated."));
        Assert.Equal([_rm.Id], await ManagersOfAcmeAsync());
    }

    [Theory]
    [InlineData("admin@example.com", true)]
    [InlineData("rm@example.com", false)]
    public async Task CustomerList_AssignManagersButton_OnlyForAdmins(string email, bool shown)
    {
        var client = await _factory.SignedInClientAsync(email);

        var response = await client.GetAsync("/customers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Acme", html, StringComparison.Ordinal);
        Assert.Equal(shown, html.Contains("data-testid=\"assign-managers\"", StringComparison.Ordinal));
    }
}
