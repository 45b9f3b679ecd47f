using SelligentPortal.Components.Shared;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The breadcrumb trail of a record's detail page, after the customer: its table, then the record.</summary>
public static class RecordBreadcrumbs
{
    public static (string Text, string? Href)[] Trail(Guid customerId, string tab, string record) =>
    [
        ("Records", PortalRoutes.CustomerRecords(customerId, tab == "IDS" ? null : tab)),
        (record, null),
    ];
}
