using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Shared;

/// <summary>
/// The shell of a page under a customer (<c>customers/{CustomerId}/…</c>): whenever its parameters are set it
/// finds the customer for the signed-in caller, and answers as for a customer that does not exist when the
/// caller may not see it, so another customer's page looks exactly like a missing one. Then it shows the
/// customer (<see cref="Customer"/>, <see cref="IsStaff"/>, <see cref="Breadcrumbs"/>) and lets the page load
/// the rest in <see cref="OnCustomerParametersSetAsync"/>.
/// </summary>
/// <remarks>
/// Work a page does before the lookup belongs in <see cref="ComponentBase.OnParametersSet"/>, which runs first.
/// </remarks>
public abstract class CustomerPageBase : ComponentBase
{
    private Caller? _caller;

    [Parameter]
    public Guid CustomerId { get; set; }

    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required CustomerService Customers { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>The caller the customer was found for, known from <see cref="OnCustomerFoundAsync"/> on.</summary>
    protected Caller Caller => _caller ?? throw new InvalidOperationException("The caller is known once the customer has been looked up.");

    /// <summary>The customer shown; null until it is first found. A page that changes it shows the changed one.</summary>
    protected CustomerSummary? Customer { get; set; }

    protected bool IsStaff { get; private set; }

    protected List<BreadcrumbItem> Breadcrumbs { get; private set; } = [];

    /// <summary>
    /// The steps after the customer in the breadcrumbs, the last one the page itself (see
    /// <see cref="CustomerBreadcrumbs"/>); none for the customer's own page.
    /// </summary>
    protected virtual (string Text, string? Href)[] BreadcrumbTrail => [];

    /// <summary>
    /// True while the customer shown still stands for <see cref="CustomerId"/>, so setting the parameters again
    /// (say, only the query string changed) neither looks it up again nor calls <see cref="OnCustomerFoundAsync"/>.
    /// </summary>
    protected virtual bool CustomerIsCurrent => false;

    protected override async Task OnParametersSetAsync()
    {
        if (!CustomerIsCurrent && !await FindCustomerAsync())
        {
            return;
        }

        await OnCustomerParametersSetAsync();
    }

    /// <summary>
    /// Runs once the customer is found, before it is shown: loads what the page cannot be shown without.
    /// False when the caller may not see that either; the page is then not found, as for another customer's.
    /// </summary>
    protected virtual Task<bool> OnCustomerFoundAsync() => Task.FromResult(true);

    /// <summary>The page's own loading, once the customer is shown.</summary>
    protected virtual Task OnCustomerParametersSetAsync() => Task.CompletedTask;

    private async Task<bool> FindCustomerAsync()
    {
        var caller = await CurrentCaller.GetAsync();
        var customer = await Customers.FindAsync(caller, CustomerId);
        _caller = caller;
        if (customer is null || !await OnCustomerFoundAsync())
        {
            // Another customer's page looks exactly like one that does not exist.
            Navigation.NotFound();
            return false;
        }

        Customer = customer;
        IsStaff = caller.IsStaff;
        Breadcrumbs = CustomerBreadcrumbs.For(IsStaff, customer, BreadcrumbTrail);
        return true;
    }
}
