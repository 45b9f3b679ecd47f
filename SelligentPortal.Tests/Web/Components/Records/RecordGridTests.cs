using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Components.Pages.Records;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Records;

public class RecordGridTests
{
    private static readonly Guid CustomerId = Guid.NewGuid();

    private static readonly FieldDefinition[] IdsFields =
    [
        new("customer_id", FieldType.Text, 64, FieldRole.PrimaryKey),
        new("email_address", FieldType.Email, null, FieldRole.Email),
        new("first_name", FieldType.Text, 100),
        new("loyalty_points", FieldType.Integer),
    ];

    private static BunitContext Context()
    {
        return PortalComponentContext.WithoutDatabase(services => services
            .AddSingleton<IClusterNotices>(TestNotices.Local())
            .AddSingleton<CommitNotifications>());
    }

    private static IdsRecordView Record(string key, object fields) => new(
        key, null, JsonSerializer.SerializeToElement(fields), 3, new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 12, 2, 9, 30, 15, DateTimeKind.Utc), new DateTime(2026, 12, 2, 9, 30, 0, DateTimeKind.Utc));

    /// <summary>A fake of RecordQueries.ListIdsAsync that remembers every request.</summary>
    private sealed class FakeIds(params IdsRecordView[] rows)
    {
        public List<(IdsFilter Filter, string? Cursor)> Requests { get; } = [];

        public string? NextCursor { get; set; }

        public Task<Outcome<Page<IdsRecordView>>> LoadAsync(IdsFilter filter, string? cursor, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((filter, cursor));
            }

            return Task.FromResult(Outcome<Page<IdsRecordView>>.Ok(new Page<IdsRecordView>(rows, NextCursor)));
        }
    }

    private static IRenderedComponent<IdsRecordsGrid> RenderIds(BunitContext ctx, FakeIds fake, Action<IdsFilter>? changed = null, bool live = false) =>
        ctx.Render<IdsRecordsGrid>(p => p
            .Add(g => g.CustomerId, CustomerId)
            .Add(g => g.Fields, IdsFields)
            .Add(g => g.Load, fake.LoadAsync)
            .Add(g => g.Live, live)
            .Add(g => g.FilterChanged, f => changed?.Invoke(f)));

    [Fact]
    public async Task IdsGrid_Schema_RendersAColumnPerFieldPlusVersionAndTime()
    {
        await using var ctx = Context();
        var fake = new FakeIds(Record("ann", new { customer_id = "ann", email_address = "ann@example.com", first_name = "Ann", loyalty_points = 42 }));

        var cut = RenderIds(ctx, fake);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ids-key-link]")));
        var headers = cut.FindAll("th").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Equal(["customer_id", "email_address", "first_name", "loyalty_points", "Version", "Changed (UTC)"], headers);
        Assert.Equal($"customers/{CustomerId}/records/ids/ann", cut.Find("[data-testid=ids-key-link]").GetAttribute("href"));
        Assert.Equal(["ann@example.com", "Ann", "42"], cut.FindAll("[data-testid=ids-cell]").Select(c => c.TextContent));
        Assert.Contains("2026-12-02 09:30:15", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Page 1", cut.Find("[data-testid=ids-page]").TextContent);
    }

    [Fact]
    public async Task IdsGrid_ScriptValues_RenderAsText()
    {
        await using var ctx = Context();
        var fake = new FakeIds(Record("<b>k</b>", new
        {
            customer_id = "<b>k</b>", email_address = "<script>window.__xss=1</script>", first_name = "<img src=x onerror=\"window.__xss=1\">",
        }));

        var cut = RenderIds(ctx, fake);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=ids-cell]").Count));
        Assert.Empty(cut.FindAll("[data-testid=ids-grid] script"));
        Assert.Empty(cut.FindAll("[data-testid=ids-grid] img"));
        Assert.Empty(cut.FindAll("[data-testid=ids-grid] b"));
        Assert.Equal("<script>window.__xss=1</script>", cut.FindAll("[data-testid=ids-cell]")[0].TextContent);
        Assert.Equal("<img src=x onerror=\"window.__xss=1\">", cut.FindAll("[data-testid=ids-cell]")[1].TextContent);
        Assert.Equal("<b>k</b>", cut.Find("[data-testid=ids-key-link]").TextContent);
    }

    [Fact]
    public async Task IdsGrid_SearchAndEmailPrefix_ChangeTheQueryAndTheExportLink()
    {
        await using var ctx = Context();
        var fake = new FakeIds();
        var reported = new List<IdsFilter>();
        var cut = RenderIds(ctx, fake, reported.Add);
        cut.WaitForAssertion(() => Assert.Single(fake.Requests));

        cut.Find("input[data-testid=ids-search]").Change("  ann@  ");
        cut.WaitForAssertion(() => Assert.Equal(2, fake.Requests.Count));
        cut.Find("input[data-testid=ids-email]").Change("bob");
        cut.WaitForAssertion(() => Assert.Equal(3, fake.Requests.Count));

        Assert.Equal(new IdsFilter(), fake.Requests[0].Filter);
        Assert.Equal(new IdsFilter(Search: "ann@"), fake.Requests[1].Filter);
        Assert.Equal(new IdsFilter(Search: "ann@", Email: "bob"), fake.Requests[2].Filter);
        Assert.Equal([new IdsFilter(Search: "ann@"), new IdsFilter(Search: "ann@", Email: "bob")], reported);
        Assert.Equal($"exports/customers/{CustomerId}/records/ids.csv?search=ann@&email=bob", cut.Find("a[data-testid=ids-export]").GetAttribute("href"));
    }

    [Fact]
    public async Task IdsGrid_FilterFromTheAddress_ReloadsFromTheFirstPage()
    {
        await using var ctx = Context();
        var fake = new FakeIds(Record("ann", new { customer_id = "ann" })) { NextCursor = "t1_1" };
        var cut = RenderIds(ctx, fake);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=ids-next]").HasAttribute("disabled")));
        cut.Find("[data-testid=ids-next]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Page 2", cut.Find("[data-testid=ids-page]").TextContent));

        cut.Render(p => p.Add(g => g.Filter, new IdsFilter(Key: "an", Sort: IdsSort.KeyAscending)));

        cut.WaitForAssertion(() => Assert.Equal(3, fake.Requests.Count));
        Assert.Equal((new IdsFilter(), "t1_1"), fake.Requests[1]);
        Assert.Equal((new IdsFilter(Key: "an", Sort: IdsSort.KeyAscending), null), fake.Requests[2]);
        Assert.Equal("Page 1", cut.Find("[data-testid=ids-page]").TextContent);
    }

    [Fact]
    public async Task IdsGrid_PreviousAndNext_FollowTheCursorsAndStopOnTheLastPage()
    {
        await using var ctx = Context();
        var fake = new FakeIds(Record("ann", new { customer_id = "ann" })) { NextCursor = "c2" };
        var cut = RenderIds(ctx, fake);
        cut.WaitForAssertion(() => Assert.Single(fake.Requests));
        Assert.True(cut.Find("[data-testid=ids-previous]").HasAttribute("disabled"));

        cut.Find("[data-testid=ids-next]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, fake.Requests.Count));
        fake.NextCursor = null;
        cut.Find("[data-testid=ids-previous]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, fake.Requests.Count));

        Assert.Equal([null, "c2", null], fake.Requests.Select(r => r.Cursor));
        Assert.True(cut.Find("[data-testid=ids-next]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task IdsGrid_LiveOnTheFirstPage_ReloadsAfterCommitsOfItsCustomerOnly()
    {
        await using var ctx = Context();
        var notifications = ctx.Services.GetRequiredService<CommitNotifications>();
        var fake = new FakeIds();
        var cut = RenderIds(ctx, fake, live: true);
        cut.WaitForAssertion(() => Assert.Single(fake.Requests));

        notifications.Publish(Guid.NewGuid());
        await Task.Delay(200);
        Assert.Single(fake.Requests);
        notifications.Publish(CustomerId);

        cut.WaitForAssertion(() => Assert.Equal(2, fake.Requests.Count));
    }

    [Fact]
    public async Task IdsGrid_LiveOff_IgnoresCommits()
    {
        await using var ctx = Context();
        var notifications = ctx.Services.GetRequiredService<CommitNotifications>();
        var fake = new FakeIds();
        var cut = RenderIds(ctx, fake, live: false);
        cut.WaitForAssertion(() => Assert.Single(fake.Requests));

        notifications.Publish(CustomerId);
        await Task.Delay(300);

        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task InteractionGrid_UnknownRecipient_ShowsChipAndKnownOneLinks()
    {
        await using var ctx = Context();
        var extension = new InteractionExtensionDefinition
        {
            Name = "EVENTS",
            Fields =
            [
                new("event_id", FieldType.Text, 100, FieldRole.PrimaryKey),
                new("customer_id", FieldType.Text, 64, FieldRole.RecipientKey),
                new("event_type", FieldType.Text, 100, FieldRole.EventType),
            ],
        };
        InteractionView Row(string id, string recipient, bool known) => new(
            "EVENTS", id, recipient, known, "Viewed", new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc),
            JsonSerializer.SerializeToElement(new { event_id = id, customer_id = recipient, event_type = "Viewed" }), 1, 7, DateTime.UtcNow);
        var requests = new List<InteractionFilter>();

        var cut = ctx.Render<InteractionRecordsGrid>(p => p
            .Add(g => g.CustomerId, CustomerId)
            .Add(g => g.Extension, extension)
            .Add(g => g.Filter, new InteractionFilter(Recipient: "ann"))
            .Add(g => g.Load, (f, c, t) =>
            {
                requests.Add(f);
                return Task.FromResult(Outcome<Page<InteractionView>>.Ok(new([Row("t-1", "ann", true), Row("t-2", "ghost", false)], null)));
            }));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=interaction-link]").Count));
        Assert.Equal(new InteractionFilter(Recipient: "ann"), Assert.Single(requests));
        Assert.Equal($"customers/{CustomerId}/records/ids/ann", cut.Find("[data-testid=recipient-link]").GetAttribute("href"));
        Assert.Equal("Recipient not yet identified", Assert.Single(cut.FindAll("[data-testid=recipient-unidentified]")).TextContent.Trim());
        Assert.Equal($"customers/{CustomerId}/records/interactions/EVENTS/t-2", cut.FindAll("[data-testid=interaction-link]")[1].GetAttribute("href"));
        Assert.Equal(["event_id", "customer_id", "event_type", "Version", "Event time (UTC)"],
            cut.FindAll("th").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0));
    }

    [Fact]
    public async Task IdsGrid_KeyPinnedFirstAndLongValuesClipped_FullValueOnHover()
    {
        await using var ctx = Context();
        var hash = new string('a', 32) + new string('f', 32);
        FieldDefinition[] fields = [new("customer_hash", FieldType.Text, 64), .. IdsFields];
        var fake = new FakeIds(Record("ann", new { customer_hash = hash, customer_id = "ann", first_name = "Ann" }));

        var cut = ctx.Render<IdsRecordsGrid>(p => p.Add(g => g.CustomerId, CustomerId).Add(g => g.Fields, fields).Add(g => g.Load, fake.LoadAsync).Add(g => g.Table, "CUSTOMERS"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ids-key-link]")));
        Assert.Equal("customer_id", cut.FindAll("th").Select(h => h.TextContent.Trim()).First(t => t.Length > 0));
        Assert.Contains("sticky-left", cut.Find("[data-testid=ids-grid] tbody td").ClassName, StringComparison.Ordinal);
        var clipped = cut.FindAll("[data-testid=ids-cell]")[0];
        Assert.Equal((hash, hash), (clipped.TextContent, clipped.GetAttribute("title")));
        Assert.Contains("cell-clip", clipped.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdsGrid_Phone_OneCompactCardPerRecordOpeningIt()
    {
        await using var ctx = Context();
        var fake = new FakeIds(Record("ann", new { customer_id = "ann" }) with { Email = "ann@example.com" }, Record("bob", new { customer_id = "bob" }));

        var cut = RenderIds(ctx, fake);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=ids-card]").Count));
        var card = cut.FindAll("[data-testid=ids-card]")[0];
        Assert.Equal($"customers/{CustomerId}/records/ids/ann", card.GetAttribute("href"));
        Assert.Equal(["ann", "ann@example.com", "Changed 2026-12-02 09:30:15 UTC"], card.Children.Select(c => c.TextContent));
        Assert.Equal("no email", cut.FindAll("[data-testid=ids-card]")[1].Children[1].TextContent);
    }

    [Fact]
    public async Task InteractionGrid_EmptyWhileItsEventsFailed_SaysSoAndLinksToThem()
    {
        await using var ctx = Context();
        var orders = new InteractionExtensionDefinition
        {
            Name = "ORDERS",
            Events = ["Order Completed"],
            Fields = [new("order_id", FieldType.Text, 64, FieldRole.PrimaryKey), new("customer_id", FieldType.Text, 64, FieldRole.RecipientKey)],
        };
        var last = new DateTime(2026, 12, 4, 6, 8, 45, DateTimeKind.Utc);

        var cut = ctx.Render<InteractionRecordsGrid>(p => p
            .Add(g => g.CustomerId, CustomerId)
            .Add(g => g.Extension, orders)
            .Add(g => g.Failures, new TableFailures(34, last))
            .Add(g => g.Load, (f, c, t) => Task.FromResult(Outcome<Page<InteractionView>>.Ok(new([], null)))));

        cut.WaitForAssertion(() => Assert.Contains("No ORDERS records yet: 34 \"Order Completed\" events arrived and failed (the last at 2026-12-04 06:08:45 UTC).",
            cut.Find("[data-testid=interaction-empty]").TextContent.Replace("\n", " ", StringComparison.Ordinal).Trim(), StringComparison.Ordinal));
        Assert.DoesNotContain("they appear as", cut.Find("[data-testid=interaction-empty]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"customers/{CustomerId}/events?status=failed&type=track", cut.Find("[data-testid=interaction-empty] [data-testid=empty-events-link]").GetAttribute("href"));
        Assert.StartsWith($"customers/{CustomerId}/failures?from=2026-11-04T06%3A08%3A45", cut.Find("[data-testid=interaction-empty] [data-testid=empty-failures-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task IdsGrid_EmptyWithoutFailures_SaysRecordsComeWithIdentifies()
    {
        await using var ctx = Context();

        var cut = ctx.Render<IdsRecordsGrid>(p => p.Add(g => g.CustomerId, CustomerId).Add(g => g.Fields, IdsFields).Add(g => g.Table, "CUSTOMERS")
            .Add(g => g.Failures, new TableFailures(0, null)).Add(g => g.Load, new FakeIds().LoadAsync));

        cut.WaitForAssertion(() => Assert.Contains("No CUSTOMERS records yet: they appear as identify events arrive.", cut.Find("[data-testid=ids-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=empty-failures-link]"));
    }
}
