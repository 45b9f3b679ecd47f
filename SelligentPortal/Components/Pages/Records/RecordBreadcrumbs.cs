using MudBlazor;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The breadcrumbs of a record's detail page (staff start from the customer list).</summary>
public static class RecordBreadcrumbs
{
    public static List<BreadcrumbItem> For(bool isStaff, CustomerSummary customer, string tab, string record)
    {
        var items = new List<BreadcrumbItem>();
        if (isStaff)
        {
            items.Add(new("Customers", "customers"));
        }

        items.Add(new(customer.Name, $"customers/{customer.Id}"));
        items.Add(new("Records", tab == "IDS" ? $"customers/{customer.Id}/records" : $"customers/{customer.Id}/records?tab={Uri.EscapeDataString(tab)}"));
        items.Add(new(record, null, disabled: true));
        return items;
    }
}
