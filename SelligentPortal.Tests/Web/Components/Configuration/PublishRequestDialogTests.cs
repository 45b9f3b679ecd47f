using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Approval;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Configuration;

/// <summary>The approval dialog of four-eyes publishing, and the publish dialog where approval is required.</summary>
public class PublishRequestDialogTests
{
    private const string RequesterId = "user-rita";
    private const string ReviewerId = "user-rob";

    /// <summary>The seed with first_name mapped from traits.name.</summary>
    private static ConfigurationDocument Requested()
    {
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "first_name").Mapping = MappingForm.FromPaths("traits.name");
        workspace.Revalidate();
        return workspace.Document;
    }

    private static PublishRequestDetail Detail(
        PublishRequestStatus status = PublishRequestStatus.Pending, string? staleReason = null, string? fixtures = null, string? shadow = null)
    {
        var decided = status == PublishRequestStatus.Pending ? (DateTime?)null : new DateTime(2026, 12, 7, 10, 30, 0, DateTimeKind.Utc);
        var summary = new PublishRequestSummary(12, status, 5, 3, "First names from traits.name", RequesterId, "rita@example.com",
            new DateTime(2026, 12, 7, 9, 15, 0, DateTimeKind.Utc), decided is null ? null : "rob@example.com", decided,
            decided is null ? null : "ORDERS is missing", status == PublishRequestStatus.Approved ? 4 : null, staleReason);
        var document = Requested();
        return new PublishRequestDetail(summary, document, ConfigurationComparison.Compare(SeedPreset.Create(), document), fixtures, shadow);
    }

    private static Task<PublishRequestDecisionChoice?> Review(
        IRenderedComponent<MudDialogProvider> provider, BunitContext ctx, PublishRequestDetail detail, string userId, bool isAdmin = false) =>
        provider.InvokeAsync(() => PublishRequestDialog.AskAsync(ctx.Services.GetRequiredService<IDialogService>(), detail, userId, isAdmin));

    [Fact]
    public async Task PublishRequestDialog_SecondPerson_SeesTheRequestAndApprovesWithAComment()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var reviewing = Review(provider, ctx, Detail(), ReviewerId);

        provider.WaitForAssertion(() => Assert.Contains("rita@example.com", provider.Find("[data-testid=request-meta]").TextContent));
        Assert.Contains("2026-12-07 09:15 UTC, draft revision 5", provider.Find("[data-testid=request-meta]").TextContent);
        Assert.Equal("First names from traits.name", provider.Find("[data-testid=request-note]").TextContent);
        Assert.Equal("Pending", provider.Find("[data-testid=request-status]").TextContent);
        var row = provider.Find("[data-testid=request-changes] [data-testid=diff-row][data-field=first_name]");
        Assert.Contains("traits.name", row.QuerySelector("[data-testid=diff-after]")!.TextContent);
        Assert.Equal("Version 3 (live)", provider.FindAll("[data-testid=request-changes] th")[1].TextContent);
        Assert.Empty(provider.FindAll("[data-testid=request-withdraw]"));
        Assert.Empty(provider.FindAll("[data-testid=request-checks]"));
        provider.Find("textarea[data-testid=request-comment]").Input("Checked against the sample events");
        provider.Find("button[data-testid=request-approve]").Click();

        Assert.Equal(new PublishRequestDecisionChoice(PublishRequestAction.Approve, "Checked against the sample events"), await reviewing);
    }

    [Fact]
    public async Task PublishRequestDialog_Requester_CanOnlyWithdraw()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var reviewing = Review(provider, ctx, Detail(), RequesterId);

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("button[data-testid=request-withdraw]")));
        Assert.Empty(provider.FindAll("[data-testid=request-approve]"));
        Assert.Empty(provider.FindAll("[data-testid=request-reject]"));
        Assert.Contains("optional", provider.Find("[data-testid=request-comment]").ParentElement!.ParentElement!.TextContent);
        provider.Find("button[data-testid=request-withdraw]").Click();

        Assert.Equal(new PublishRequestDecisionChoice(PublishRequestAction.Withdraw, null), await reviewing);
    }

    [Fact]
    public async Task PublishRequestDialog_Stale_CannotBeApprovedAndRejectNeedsAComment()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var reviewing = Review(provider, ctx, Detail(staleReason: "the draft changed after it was made (revision 5, now 6)."), ReviewerId, isAdmin: true);

        provider.WaitForAssertion(() => Assert.Contains("revision 5, now 6", provider.Find("[data-testid=request-stale]").TextContent));
        Assert.Equal("Stale", provider.Find("[data-testid=request-status]").TextContent);
        Assert.True(provider.Find("button[data-testid=request-approve]").HasAttribute("disabled"));
        Assert.True(provider.Find("button[data-testid=request-reject]").HasAttribute("disabled"));
        Assert.NotEmpty(provider.FindAll("button[data-testid=request-withdraw]"));  // an Admin may withdraw anyone's request
        provider.Find("textarea[data-testid=request-comment]").Input("Outdated, request again");
        provider.WaitForAssertion(() => Assert.False(provider.Find("button[data-testid=request-reject]").HasAttribute("disabled")));
        provider.Find("button[data-testid=request-reject]").Click();

        Assert.Equal(new PublishRequestDecisionChoice(PublishRequestAction.Reject, "Outdated, request again"), await reviewing);
    }

    [Fact]
    public async Task PublishRequestDialog_ChecksRan_ShowsOnlyThoseThatRan()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var fixtures = new FixtureRunSummary([Passing("Ada"), Passing("Order with two products")]).ToSnapshotJson();

        _ = Review(provider, ctx, Detail(fixtures: fixtures), ReviewerId);

        provider.WaitForAssertion(() => Assert.Equal("All 2 fixtures passed.",
            provider.Find("[data-testid=request-checks] [data-testid=request-fixtures-verdict]").TextContent.Trim()));
        Assert.Contains("Order with two products", provider.Find("[data-testid=request-fixtures]").TextContent, StringComparison.Ordinal);
        Assert.Empty(provider.FindAll("[data-testid=request-shadow]"));
    }

    [Fact]
    public async Task PublishRequestDialog_ShadowRun_ShowsItsCountsAndTheFieldsMostOftenChanged()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var aggregate = new ShadowAggregate { Compared = 1200, Changed = 300, NowFailing = 7, NowSucceeding = 2 };
        aggregate.Fields["CONTACTS.first_name"] = new ShadowFieldChanges { Table = "CONTACTS", Field = "first_name", Count = 290 };
        aggregate.RecordsNoLongerCreated["CONTACTS"] = 7;
        var run = new ShadowRunView(5, false, 4, 3, "rm1@example.com", new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc), null, 1200, new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc), ShadowEndReasons.PeriodOver, aggregate);

        _ = Review(provider, ctx, Detail(shadow: ShadowSnapshot.Of(run).ToJson()), ReviewerId);

        provider.WaitForAssertion(() => Assert.Contains("ended 2026-12-02 09:00 UTC: its period is over",
            provider.Find("[data-testid=request-shadow-period]").TextContent, StringComparison.Ordinal));
        var counts = provider.Find("[data-testid=request-shadow-counts]").TextContent;
        Assert.Contains("1,200 events compared, 300 would change", counts, StringComparison.Ordinal);
        Assert.Contains("7 would now fail, 2 would now succeed", counts, StringComparison.Ordinal);
        Assert.Contains("7 records no longer created", counts, StringComparison.Ordinal);
        Assert.Contains("CONTACTS.first_name (290)", provider.Find("[data-testid=request-shadow-fields]").TextContent, StringComparison.Ordinal);
        Assert.Empty(provider.FindAll("[data-testid=request-fixtures]"));
    }

    private static FixtureResult Passing(string name)
    {
        var skipped = new EventOutcome("skipped", null, null, []);
        return new FixtureResult(Guid.NewGuid(), name, skipped, skipped, []);
    }

    [Fact]
    public async Task PublishRequestDialog_Decided_ShowsTheDecisionAndNoActions()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var reviewing = Review(provider, ctx, Detail(PublishRequestStatus.Approved), ReviewerId, isAdmin: true);

        provider.WaitForAssertion(() => Assert.Contains("Approved by rob@example.com", provider.Find("[data-testid=request-decision]").TextContent));
        Assert.Contains("published as version 4", provider.Find("[data-testid=request-decision]").TextContent);
        Assert.Equal("Approved · version 4", provider.Find("[data-testid=request-status]").TextContent);
        Assert.Empty(provider.FindAll("[data-testid=request-approve], [data-testid=request-reject], [data-testid=request-withdraw], [data-testid=request-comment]"));
        provider.Find("button[data-testid=request-cancel]").Click();
        Assert.Null(await reviewing);
    }

    private static Task<PublishChoice?> Choose(IRenderedComponent<MudDialogProvider> provider, BunitContext ctx, bool canPublishUrgently, PublishRequestSummary? pending = null)
    {
        var preview = new PublishPreview(6, 3, ConfigurationComparison.Compare(SeedPreset.Create(), Requested()), []);
        return provider.InvokeAsync(() => PublishDialog.ChooseAsync(ctx.Services.GetRequiredService<IDialogService>(), preview,
            ConfigurationForm.FromDocument(SeedPreset.Create()), 0, requiresApproval: true, canPublishUrgently, pending));
    }

    [Fact]
    public async Task PublishDialog_ApprovalRequired_RequestsAndSaysItReplacesThePendingOne()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var choosing = Choose(provider, ctx, canPublishUrgently: false, pending: Detail().Summary);

        provider.WaitForAssertion(() => Assert.Contains("requires approval", provider.Find("[data-testid=publish-valid]").TextContent));
        Assert.Contains("rita@example.com made for draft revision 5", provider.Find("[data-testid=publish-replaces]").TextContent);
        Assert.Equal("Request publish", provider.Find("button[data-testid=publish-confirm]").TextContent.Trim());
        Assert.Empty(provider.FindAll("[data-testid=publish-urgent-section]"));
        provider.Find("textarea[data-testid=publish-note]").Input("Names");
        provider.Find("button[data-testid=publish-confirm]").Click();

        Assert.Equal(new PublishChoice("Names", Urgent: false), await choosing);
    }

    [Fact]
    public async Task PublishDialog_Admin_PublishesUrgentlyOnlyWithAReason()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();

        var choosing = Choose(provider, ctx, canPublishUrgently: true);

        provider.WaitForAssertion(() => provider.Find("button[data-testid=publish-urgent-open]").Click());
        provider.WaitForAssertion(() => Assert.True(provider.Find("button[data-testid=publish-urgent]").HasAttribute("disabled")));
        provider.Find("textarea[data-testid=publish-urgent-reason]").Input("Every identify fails since version 3");
        provider.WaitForAssertion(() => Assert.False(provider.Find("button[data-testid=publish-urgent]").HasAttribute("disabled")));
        provider.Find("button[data-testid=publish-urgent]").Click();

        Assert.Equal(new PublishChoice("Every identify fails since version 3", Urgent: true), await choosing);
    }
}
