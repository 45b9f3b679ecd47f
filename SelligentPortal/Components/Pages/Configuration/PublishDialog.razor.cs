using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Core.Configuration.Approval;
using SelligentPortal.Core.Configuration.Versions;

namespace SelligentPortal.Components.Pages.Configuration;

public sealed partial class PublishDialog
{
    private const int NoteMaxLength = ConfigurationVersion.NoteMaxLength;
    private string? _note;
    private string? _reason;
    private bool _urgentOpen;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public required PublishPreview Preview { get; set; }

    /// <summary>The working copy, to name tables and fields in problems.</summary>
    [Parameter, EditorRequired]
    public required ConfigurationForm Form { get; set; }

    /// <summary>Problems of edits not saved (they are not published, and do not stop publishing).</summary>
    [Parameter]
    public int UnsavedProblems { get; set; }

    /// <summary>Four-eyes publishing: the confirm button requests a publish instead.</summary>
    [Parameter]
    public bool RequiresApproval { get; set; }

    /// <summary>An Admin, where approval is required: offers the separate urgent publish, with a reason.</summary>
    [Parameter]
    public bool CanPublishUrgently { get; set; }

    /// <summary>The customer's pending request, which a new request replaces.</summary>
    [Parameter]
    public PublishRequestSummary? Pending { get; set; }

    /// <summary>Shows the dialog; the note ("" for none) when confirmed, null when cancelled.</summary>
    public static async Task<string?> AskAsync(IDialogService dialogs, PublishPreview preview, ConfigurationForm form, int unsavedProblems) =>
        (await ChooseAsync(dialogs, preview, form, unsavedProblems, requiresApproval: false, canPublishUrgently: false, pending: null))?.Note;

    /// <summary>Shows the dialog (as "Request publish" where approval is required); the choice, or null when cancelled.</summary>
    public static async Task<PublishChoice?> ChooseAsync(IDialogService dialogs, PublishPreview preview, ConfigurationForm form, int unsavedProblems,
        bool requiresApproval, bool canPublishUrgently, PublishRequestSummary? pending)
    {
        var parameters = new DialogParameters<PublishDialog>
        {
            { d => d.Preview, preview },
            { d => d.Form, form },
            { d => d.UnsavedProblems, unsavedProblems },
            { d => d.RequiresApproval, requiresApproval },
            { d => d.CanPublishUrgently, canPublishUrgently },
            { d => d.Pending, pending },
        };
        var dialog = await dialogs.ShowAsync<PublishDialog>(requiresApproval ? "Request publish" : "Publish configuration", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: PublishChoice choice } ? choice : null;
    }

    private void Confirm()
    {
        if (!Preview.IsBlocked)
        {
            MudDialog.Close(DialogResult.Ok(new PublishChoice(_note?.Trim() ?? string.Empty, Urgent: false)));
        }
    }

    private void ConfirmUrgent()
    {
        if (!Preview.IsBlocked && !string.IsNullOrWhiteSpace(_reason))
        {
            MudDialog.Close(DialogResult.Ok(new PublishChoice(_reason.Trim(), Urgent: true)));
        }
    }
}
