using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Configuration.Approval;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class PublishRequestDialog
{
    private string? _comment;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public required PublishRequestDetail Detail { get; set; }

    /// <summary>The signed-in user: the requester withdraws, never approves.</summary>
    [Parameter, EditorRequired]
    public required string CurrentUserId { get; set; }

    [Parameter]
    public bool IsAdmin { get; set; }

    private PublishRequestSummary Summary => Detail.Summary;

    private bool IsRequester => Summary.RequestedById == CurrentUserId;

    private string Decision => Summary.Status switch
    {
        PublishRequestStatus.Approved => $"Approved by {Summary.DecidedBy} on {Display.MinuteUtc(Summary.DecidedAtUtc)}{Quoted(Summary.DecisionComment)}"
            + (Summary.PublishedVersion is { } version ? $"; published as version {version}." : "."),
        PublishRequestStatus.Rejected => $"Rejected by {Summary.DecidedBy} on {Display.MinuteUtc(Summary.DecidedAtUtc)}{Quoted(Summary.DecisionComment)}.",
        PublishRequestStatus.Withdrawn => $"Withdrawn by {Summary.DecidedBy} on {Display.MinuteUtc(Summary.DecidedAtUtc)}{Quoted(Summary.DecisionComment)}.",
        _ => $"Superseded on {Display.MinuteUtc(Summary.DecidedAtUtc)}{Quoted(Summary.DecisionComment)}",
    };

    /// <summary>Shows the request; the action and its comment when one was chosen, null when closed.</summary>
    public static async Task<PublishRequestDecisionChoice?> AskAsync(IDialogService dialogs, PublishRequestDetail detail, string currentUserId, bool isAdmin)
    {
        var parameters = new DialogParameters<PublishRequestDialog>
        {
            { d => d.Detail, detail },
            { d => d.CurrentUserId, currentUserId },
            { d => d.IsAdmin, isAdmin },
        };
        var dialog = await dialogs.ShowAsync<PublishRequestDialog>("Publish request", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: PublishRequestDecisionChoice choice } ? choice : null;
    }

    private void Close(PublishRequestAction action) =>
        MudDialog.Close(DialogResult.Ok(new PublishRequestDecisionChoice(action, string.IsNullOrWhiteSpace(_comment) ? null : _comment.Trim())));

    private static string Quoted(string? comment) => comment is null ? "" : $": “{comment}”";
}
