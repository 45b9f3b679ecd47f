using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The breadcrumbs of a record's detail page (staff start from the customer list).</summary>
public static class RecordBreadcrumbs
{
    public static List<BreadcrumbItem> For(bool isStaff, CustomerSummary customer, string tab, string record) =>
        CustomerBreadcrumbs.For(isStaff, customer,
            ("Records", tab == "IDS" ? $"customers/{customer.Id}/records" : $"customers/{customer.Id}/records?tab={Uri.EscapeDataString(tab)}"),
            (record, null));
}
