namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>What a reviewer chose in the publish request dialog.</summary>
public enum PublishRequestAction
{
    Approve,
    Reject,
    Withdraw,
}

/// <summary>The action chosen on a publish request, with the comment (null when none was written).</summary>
public sealed record PublishRequestDecisionChoice(PublishRequestAction Action, string? Comment);
