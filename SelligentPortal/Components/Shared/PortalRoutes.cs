namespace SelligentPortal.Components.Shared;

/// <summary>
/// The addresses of the portal's pages, relative to the base address as links and
/// <c>NavigationManager.NavigateTo</c> take them; each matches a page's <c>@page</c> route (or, for the CSV
/// exports, an export endpoint's). Path segments that come from data are escaped; a query string, where a
/// page has one, is appended by the caller unless a builder below names it.
/// </summary>
public static class PortalRoutes
{
    public const string Customers = "customers";

    public static string Customer(Guid customerId) => $"customers/{customerId}";

    public static string CustomerConfiguration(Guid customerId) => $"customers/{customerId}/configuration";

    public static string ShadowRun(Guid customerId) => $"customers/{customerId}/configuration/shadow";

    public static string CustomerSources(Guid customerId) => $"customers/{customerId}/sources";

    public static string EventLog(Guid customerId) => $"customers/{customerId}/events";

    /// <summary>The event log filtered to one Segment message id.</summary>
    public static string EventLogMessage(Guid customerId, string messageId) =>
        $"customers/{customerId}/events?messageId={Uri.EscapeDataString(messageId)}";

    /// <summary>The event log filtered to failed events, and (with <paramref name="type"/>) to one event type.</summary>
    public static string FailedEvents(Guid customerId, string? type = null) =>
        type is null ? $"customers/{customerId}/events?status=failed" : $"customers/{customerId}/events?status=failed&type={Uri.EscapeDataString(type)}";

    public static string EventDetail(Guid customerId, long eventLogId) => $"customers/{customerId}/events/{eventLogId}";

    public static string Failures(Guid customerId) => $"customers/{customerId}/failures";

    /// <summary>The records page, on the IDS or (with <paramref name="tab"/>) on an Interaction Extension's tab.</summary>
    public static string CustomerRecords(Guid customerId, string? tab = null) =>
        tab is null ? $"customers/{customerId}/records" : $"customers/{customerId}/records?tab={Uri.EscapeDataString(tab)}";

    public static string IdsRecord(Guid customerId, string primaryKey) =>
        $"customers/{customerId}/records/ids/{Uri.EscapeDataString(primaryKey)}";

    public static string InteractionRecord(Guid customerId, string extension, string eventId) =>
        $"customers/{customerId}/records/interactions/{Uri.EscapeDataString(extension)}/{Uri.EscapeDataString(eventId)}";

    /// <summary>The event log's CSV export; the caller appends the log's filter query.</summary>
    public static string EventLogExport(Guid customerId) => $"exports/customers/{customerId}/events.csv";

    public static string IdsRecordsExport(Guid customerId) => $"exports/customers/{customerId}/records/ids.csv";

    public static string InteractionRecordsExport(Guid customerId, string extension) =>
        $"exports/customers/{customerId}/records/interactions/{Uri.EscapeDataString(extension)}.csv";
}
