using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Approval;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>Four-eyes publishing on the configuration page: requesting a publish, the pending request's banner, reviewing.</summary>
public partial class ConfigurationPage
{
    private bool _requiresApproval;
    private bool _isAdmin;
    private string? _userId;
    private IReadOnlyList<PublishRequestSummary> _requests = [];
    private PublishRequestSummary? _pending;

    [Inject]
    public required PublishRequestService PublishRequests { get; init; }

    private async Task LoadRequestsAsync(Caller caller)
    {
        _requests = (await PublishRequests.ListAsync(caller, CustomerId)).Value ?? [];
        _pending = _requests.FirstOrDefault(r => r.IsPending);
    }

    private async Task RefreshDraftAsync(Caller caller)
    {
        var draft = await Configurations.GetDraftAsync(caller, CustomerId);
        if (draft.IsOk)
        {
            ShowDraft(draft.Value!);
        }

        await LoadRequestsAsync(caller);
    }

    /// <summary>The success message of an outcome, or null and its problems.</summary>
    private static (string? Done, string Problems) Result<T>(Outcome<T> outcome, Func<T, string> success) =>
        outcome.IsOk ? (success(outcome.Value!), "") : (null, string.Join(" ", outcome.Problems));

    /// <summary>Opens a request; approves, rejects or withdraws it as the reviewer chooses.</summary>
    private async Task ReviewAsync(long requestId)
    {
        var caller = await CurrentCaller.GetAsync();
        var detail = await PublishRequests.GetAsync(caller, CustomerId, requestId);
        if (!detail.IsOk || caller.UserId is null)
        {
            Snackbar.Add("That publish request is gone.", Severity.Warning);
            await LoadRequestsAsync(caller);
            return;
        }

        var choice = await PublishRequestDialog.AskAsync(Dialogs, detail.Value!, caller.UserId, caller.IsAdmin);
        if (choice is null)
        {
            return;
        }

        var outcome = choice.Action switch
        {
            PublishRequestAction.Approve => await PublishRequests.ApproveAsync(caller, CustomerId, requestId, choice.Comment),
            PublishRequestAction.Reject => await PublishRequests.RejectAsync(caller, CustomerId, requestId, choice.Comment),
            _ => await PublishRequests.WithdrawAsync(caller, CustomerId, requestId, choice.Comment),
        };
        if (outcome.IsOk)
        {
            Snackbar.Add(outcome.Value!.Version is { } version
                ? $"Approved: published as version {version.Number}."
                : $"Request {outcome.Value.Request.Status.ToString().ToLowerInvariant()}.", Severity.Success);
        }
        else
        {
            Snackbar.Add(string.Join(" ", outcome.Problems), outcome.Status == OutcomeStatus.Conflict ? Severity.Warning : Severity.Error);
        }

        await RefreshDraftAsync(caller);
    }
}
