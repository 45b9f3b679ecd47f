using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Customers;

public sealed partial class CustomerListPage
{
    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required CustomerService Customers { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private Caller? _caller;
    private IReadOnlyList<CustomerSummary> _customers = [];
    private bool _loading = true;
    private string? _search;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _caller = await CurrentCaller.GetAsync();
        _customers = await Customers.ListAsync(_caller);
        _loading = false;
    }

    private bool Matches(CustomerSummary customer) =>
        string.IsNullOrWhiteSpace(_search) || customer.Name.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase);

    private async Task CreateAsync()
    {
        var name = await NameDialog.AskAsync(Dialogs, "New customer", "Create", null);
        if (name is null)
        {
            return;
        }

        var outcome = await Customers.CreateAsync(await CurrentCaller.GetAsync(), name);
        if (outcome.IsOk)
        {
            Snackbar.Add($"Customer '{outcome.Value!.Name}' created.", Severity.Success);
            await LoadAsync();
        }
        else
        {
            Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Error);
        }
    }

    private async Task RenameAsync(CustomerSummary customer)
    {
        var name = await NameDialog.AskAsync(Dialogs, $"Rename {customer.Name}", "Rename", customer.Name);
        if (name is null)
        {
            return;
        }

        var outcome = await Customers.RenameAsync(await CurrentCaller.GetAsync(), customer.Id, name);
        Snackbar.Add(outcome.IsOk ? $"Renamed to '{outcome.Value!.Name}'." : string.Join(" ", outcome.Problems),
            outcome.IsOk ? Severity.Success : Severity.Error);
        await LoadAsync();
    }

    private async Task AssignAsync(CustomerSummary customer)
    {
        var parameters = new DialogParameters<AssignManagersDialog> { { d => d.Customer, customer } };
        var dialog = await Dialogs.ShowAsync<AssignManagersDialog>($"Relationship Managers of {customer.Name}", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            await LoadAsync();
        }
    }
}
