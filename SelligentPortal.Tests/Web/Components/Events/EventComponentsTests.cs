using Bunit;
using MudBlazor;
using SelligentPortal.Components.Pages.Events;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Events;

public class EventComponentsTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=x onerror=alert(1)>";

    private static EventSummary Event(EventStatus status = EventStatus.Failed) => new(
        42, Guid.NewGuid(), Script, "track", Image, Script, new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc),
        status, $"EVENTS.customer_id: {Image}", 3, null);

    [Fact]
    public async Task EventPayload_ScriptAndImageValues_RenderAsIndentedText()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var raw = "{\"type\":\"identify\",\"traits\":{\"first\":\"" + Script + "\",\"last\":\"" + Image + "\"}}";

        var cut = ctx.Render<EventPayload>(p => p.Add(c => c.RawPayload, raw));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        var text = cut.Find("[data-testid=event-payload]").TextContent;
        Assert.Contains($"\n  \"traits\": {{\n    \"first\": \"{Script}\",", text, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=payload-not-json]"));
    }

    [Fact]
    public async Task EventPayload_InvalidJson_ShownVerbatimWithANote()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        const string raw = "{\"type\": \"track\", <b>broken";

        var cut = ctx.Render<EventPayload>(p => p.Add(c => c.RawPayload, raw));

        Assert.Equal(raw, cut.Find("[data-testid=event-payload]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=payload-not-json]"));
        Assert.Empty(cut.FindAll("pre b"));
    }

    [Fact]
    public async Task EventPayload_Purged_SaysSo()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<EventPayload>(p => p.Add(c => c.RawPayload, null));

        Assert.Contains("purged after the retention period", cut.Find("[data-testid=payload-purged]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=event-payload]"));
    }

    [Fact]
    public async Task EventSummaryTable_MarkupInValues_RendersAsText()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<EventSummaryTable>(p => p.Add(c => c.Event, Event()));

        Assert.Equal(Image, cut.Find("[data-testid=summary-event-name]").TextContent);
        Assert.Equal(Script, cut.Find("[data-testid=summary-user-id]").TextContent);
        Assert.Equal(Script, cut.Find("[data-testid=summary-message-id]").TextContent);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("failed", cut.Find("[data-testid=event-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task EventFilterBar_StatusChosen_RaisesAFilterWhoseQueryHasThatStatus()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        EventFilter? raised = null;
        var cut = ctx.Render<EventFilterBar>(p => p
            .Add(c => c.Filter, new EventFilter(Type: "track"))
            .Add(c => c.FilterChanged, (EventFilter f) => raised = f));

        var status = cut.FindComponents<MudSelect<string>>()[0];
        await cut.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync("failed"));

        Assert.Equal(new EventFilter(EventStatus.Failed, Type: "track"), raised);
        Assert.Equal("?status=failed&type=track", EventLogQuery.Format(raised!));
    }

    [Fact]
    public async Task EventFilterBar_TimeAndMessageId_RaiseUtcTimesAndTrimmedId()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        EventFilter? raised = null;
        var cut = ctx.Render<EventFilterBar>(p => p
            .Add(c => c.Filter, new EventFilter())
            .Add(c => c.FilterChanged, (EventFilter f) => raised = f));

        cut.Find("input[data-testid=filter-from]").Change("2026-12-03T10:00");
        var from = raised;
        cut.Find("input[data-testid=filter-message-id]").Change("  m-1 ");

        Assert.Equal(new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc), from!.From);
        Assert.Equal(DateTimeKind.Utc, from.From!.Value.Kind);
        Assert.Equal("m-1", raised!.MessageId);
        Assert.Equal("?messageId=m-1", EventLogQuery.Format(raised));
    }

    [Fact]
    public void EventLogQuery_ParseOfFormat_RoundTripsAndNamesBadValues()
    {
        var filter = new EventFilter(EventStatus.Skipped, "page", "m 1&x", new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(EventLogQuery.Format(filter));

        var parsed = EventLogQuery.Parse(query["status"], query["type"], query["from"], query["to"], query["messageId"], out var problems);
        var bad = EventLogQuery.Parse("3", null, "2026-12-04T00:00:00Z", "2026-12-03T00:00:00+01:00", null, out var badProblems);

        Assert.Equal(filter, parsed);
        Assert.Empty(problems);
        Assert.Equal("?status=skipped&type=page&messageId=m%201%26x&from=2026-12-03T10:00:00Z&to=2026-12-04T00:00:00Z", EventLogQuery.Format(filter));
        Assert.Null(bad.Status);
        Assert.Equal(new DateTime(2026, 12, 2, 23, 0, 0, DateTimeKind.Utc), bad.To);
        Assert.Equal(2, badProblems.Count);
        Assert.Contains("Status \"3\" is not one of", badProblems[0], StringComparison.Ordinal);
        Assert.Equal("\"from\" must be before \"to\".", badProblems[1]);
    }

    [Fact]
    public async Task FailureGroupList_Groups_RenderCountsAndSelectByReason()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        string? selected = null;
        IReadOnlyList<FailureGroup> groups =
        [
            new("EVENTS.customer_id: a value is required", 1234, new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc)),
            new(Script, 2, new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc)),
        ];

        var cut = ctx.Render<FailureGroupList>(p => p.Add(c => c.Groups, groups).Add(c => c.OnSelect, (string? r) => selected = r));
        cut.FindAll("[data-testid=failure-group]")[1].Click();

        Assert.Equal(["1,234", "2"], cut.FindAll("[data-testid=failure-count]").Select(c => c.TextContent.Trim()));
        Assert.Equal(Script, cut.FindAll("[data-testid=failure-reason]")[1].TextContent.Trim());
        Assert.Empty(cut.FindAll("script"));
        Assert.Equal(Script, selected);
    }

    [Fact]
    public async Task FailureGroupList_NoGroups_SaysNothingFailed()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<FailureGroupList>(p => p.Add(c => c.Groups, []));

        Assert.Contains("No failed events in this time window.", cut.Find("[data-testid=no-failures]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FailureEvents_ReplayControls_OnlyWhenAllowed(bool canReplay)
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<FailureEvents>(p => p
            .Add(c => c.CustomerId, Guid.NewGuid())
            .Add(c => c.Group, new FailureGroup("r", 1, DateTime.UtcNow))
            .Add(c => c.Events, [Event()])
            .Add(c => c.CanReplay, canReplay));

        Assert.Equal(canReplay, cut.FindAll("[data-testid=replay-group]").Count == 1);
        Assert.Equal(canReplay, cut.FindAll("[data-testid=replay-selected]").Count == 1);
        Assert.Equal(canReplay, cut.FindAll("input[type=checkbox]").Count > 0);
        Assert.Single(cut.FindAll("[data-testid=failure-event-link]"));
    }
}
