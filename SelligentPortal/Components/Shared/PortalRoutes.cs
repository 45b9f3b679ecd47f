namespace SelligentPortal.Components.Shared;

/// <summary>
/// The addresses of the portal's pages, relative to the base address as links and
/// <c>NavigationManager.NavigateTo</c> take them; each matches a page's <c>@page</c> route. Path segments
/// that come from data are escaped; a query string, where a page has one, is appended by the caller.
/// </summary>
public static class PortalRoutes
{
    public const string Customers = "customers";

    public static string Customer(Guid customerId) => $"customers/{customerId}";

    public static string CustomerConfiguration(Guid customerId) => $"customers/{customerId}/configuration";

    public static string ShadowRun(Guid customerId) => $"customers/{customerId}/configuration/shadow";

    public static string CustomerSources(Guid customerId) => $"customers/{customerId}/sources";

    public static string EventLog(Guid customerId) => $"customers/{customerId}/events";

    public static string EventDetail(Guid customerId, long eventLogId) => $"customers/{customerId}/events/{eventLogId}";

    public static string Failures(Guid customerId) => $"customers/{customerId}/failures";

    /// <summary>The records page, on the IDS or (with <paramref name="tab"/>) on an Interaction Extension's tab.</summary>
    public static string CustomerRecords(Guid customerId, string? tab = null) =>
        tab is null ? $"customers/{customerId}/records" : $"customers/{customerId}/records?tab={Uri.EscapeDataString(tab)}";

    public static string IdsRecord(Guid customerId, string primaryKey) =>
        $"customers/{customerId}/records/ids/{Uri.EscapeDataString(primaryKey)}";

    public static string InteractionRecord(Guid customerId, string extension, string eventId) =>
        $"customers/{customerId}/records/interactions/{Uri.EscapeDataString(extension)}/{Uri.EscapeDataString(eventId)}";
}
