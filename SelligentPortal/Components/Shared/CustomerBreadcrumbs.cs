using MudBlazor;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Components.Shared;

/// <summary>
/// The breadcrumbs of a page under a customer: staff start from the customer list, a Customer user
/// from their own customer; then the trail, whose last step is the current page.
/// </summary>
public static class CustomerBreadcrumbs
{
    public static List<BreadcrumbItem> For(bool isStaff, CustomerSummary customer, params (string Text, string? Href)[] trail)
    {
        var items = new List<BreadcrumbItem>();
        if (isStaff)
        {
            items.Add(new("Customers", PortalRoutes.Customers));
        }

        items.Add(new(customer.Name, trail.Length == 0 ? null : PortalRoutes.Customer(customer.Id), disabled: trail.Length == 0));
        for (var i = 0; i < trail.Length; i++)
        {
            var last = i == trail.Length - 1;
            items.Add(new(trail[i].Text, last ? null : trail[i].Href, disabled: last));
        }

        return items;
    }
}
