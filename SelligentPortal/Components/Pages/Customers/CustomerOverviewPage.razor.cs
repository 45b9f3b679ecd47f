using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Customers;

/// <summary>
/// A customer's own page: its activity at a glance, its account (Admins suspend or reactivate it and turn
/// four-eyes publishing on or off), and the way to its configuration, records, sources and event log.
/// </summary>
public sealed partial class CustomerOverviewPage : CustomerPageBase
{
    private bool _isAdmin;
    private bool _changingStatus;
    private bool _changingApproval;
    private CustomerActivity? _activity;
    private int? _latestVersion;
    private bool _unpublishedChanges;

    [Inject]
    public required CustomerActivityQuery Activity { get; init; }

    [Inject]
    public required ConfigurationService Configurations { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnCustomerParametersSetAsync()
    {
        _isAdmin = Caller.IsAdmin;
        _activity = await Activity.GetAsync(Caller, CustomerId);
        var versions = await Configurations.ListVersionsAsync(Caller, CustomerId);
        _latestVersion = versions.Value?.FirstOrDefault()?.Number;
        _unpublishedChanges = IsStaff && (await Configurations.GetDraftAsync(Caller, CustomerId)).Value?.HasUnpublishedChanges == true;
    }

    /// <summary>Admins: four-eyes publishing on or off (audited); publishes then need a second person's approval.</summary>
    private async Task SetPublishApprovalAsync(bool required)
    {
        _changingApproval = true;
        Outcome<CustomerSummary> outcome;
        try
        {
            outcome = await Customers.SetPublishApprovalAsync(await CurrentCaller.GetAsync(), CustomerId, required);
        }
        finally
        {
            _changingApproval = false;
        }

        if (!outcome.IsOk)
        {
            Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Error);
            return;
        }

        Customer = outcome.Value;
        Snackbar.Add(required
            ? $"{Customer!.Name}'s publishes now need a second person's approval."
            : $"{Customer!.Name}'s drafts are published directly again.", Severity.Success);
    }

    private async Task ToggleStatusAsync()
    {
        var suspending = Customer!.Status == CustomerStatus.Active;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            suspending ? "Suspend customer" : "Reactivate customer",
            suspending
                ? $"Every event sent with {Customer.Name}'s write keys is refused (403) from now on, and Segment does not retry refused events. Records, events, configuration and keys are kept."
                : $"{Customer.Name}'s write keys are accepted again from the next event on.",
            yesText: suspending ? "Suspend" : "Reactivate", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _changingStatus = true;
        Outcome<CustomerSummary> outcome;
        try
        {
            outcome = await Customers.SetStatusAsync(await CurrentCaller.GetAsync(), CustomerId, suspending ? CustomerStatus.Suspended : CustomerStatus.Active);
        }
        finally
        {
            _changingStatus = false;
        }

        if (!outcome.IsOk)
        {
            Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Error);
            return;
        }

        Customer = outcome.Value;
        Snackbar.Add(suspending ? $"{Customer!.Name} is suspended." : $"{Customer!.Name} is active again.", Severity.Success);
    }
}
