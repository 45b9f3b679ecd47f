using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>The event log, event detail and failures pages and their queries, against a real host.</summary>
public class EventPagesTests : IAsyncLifetime
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=x onerror=alert(1)>";

    private IngestionScenario _scenario = default!;
    private Guid _acme;
    private Guid _globex;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _acme = _scenario.CustomerId;
        var (globex, globexKey) = await _scenario.AddCustomerAsync("Globex Secret Corp");
        _globex = globex;
        var factory = _scenario.Factory;
        await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _acme);
        await factory.CreateUserAsync("unassigned-rm@example.com", PortalRoles.RelationshipManager);
        await factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, _acme);
        await factory.CreateUserAsync("globex@example.com", PortalRoles.Customer, _globex);

        await PostAsync("/v1/identify", new { type = "identify", messageId = "id-1", userId = "ann", traits = new { email = "ann@example.com", firstName = Script, lastName = Image } });
        await PostAsync("/v1/track", new { type = "track", messageId = "tr-ok", userId = "ann", @event = "Order Completed" });
        for (var i = 0; i < 3; i++)
        {
            await PostAsync("/v1/track", new { type = "track", messageId = $"anon-{i}", anonymousId = $"visitor-{i}", @event = "Viewed" });
        }

        await PostAsync("/v1/identify", new { type = "identify", messageId = "bad-email", userId = "bob", traits = new { email = "bob at example" } });
        await PostAsync("/v1/track", new { type = "track", messageId = "globex-anon", anonymousId = "g", @event = "Viewed" }, globexKey);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task PostAsync(string path, object body, string? key = null) =>
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync(path, JsonSerializer.Serialize(body), key)).StatusCode);

    private async Task<long> EventIdAsync(string messageId) => (await _scenario.EventsAsync()).Single(e => e.MessageId == messageId).Id;

    private Task<Caller> CallerAsync(string email) => _scenario.Factory.CallerOfAsync(_scenario.Factory.FindUserAsync(email).Result);

    private T Service<T>() where T : notnull => _scenario.Factory.Services.GetRequiredService<T>();

    private static (DateTime From, DateTime To) LastWeek() => (DateTime.UtcNow.AddDays(-7), DateTime.UtcNow.AddMinutes(1));

    [Fact]
    public async Task FailureQueries_FailedEvents_GroupedByReasonMostFrequentFirstAndScopedToTheCustomer()
    {
        var (from, to) = LastWeek();

        var acme = await Service<FailureQueries>().GroupAsync(await CallerAsync("customer@example.com"), _acme, from, to);
        var foreign = await Service<FailureQueries>().GroupAsync(await CallerAsync("globex@example.com"), _acme, from, to);
        var unassigned = await Service<FailureQueries>().GroupAsync(await CallerAsync("unassigned-rm@example.com"), _acme, from, to);
        var future = await Service<FailureQueries>().GroupAsync(IngestionScenario.System, _acme, to, to.AddDays(1));
        var backwards = await Service<FailureQueries>().GroupAsync(IngestionScenario.System, _acme, to, from);

        Assert.True(acme.IsOk);
        Assert.Equal(4, acme.Value!.Total);
        Assert.Equal([3, 1], acme.Value.Groups.Select(g => g.Count));
        Assert.Contains("customer_id", acme.Value.Groups[0].Reason);
        Assert.Contains("email_address", acme.Value.Groups[1].Reason);
        Assert.Equal(OutcomeStatus.NotFound, foreign.Status);
        Assert.Equal(OutcomeStatus.NotFound, unassigned.Status);
        Assert.Equal(0, future.Value!.Total);
        Assert.Empty(future.Value.Groups);
        Assert.Equal(OutcomeStatus.Invalid, backwards.Status);
    }

    [Fact]
    public async Task Replay_OneReasonAfterTheFix_ReportsProgressToTheTotalAndAppliesOnlyThatGroup()
    {
        var (from, to) = LastWeek();
        var caller = await CallerAsync("rm@example.com");
        var reason = (await Service<FailureQueries>().GroupAsync(caller, _acme, from, to)).Value!.Groups[0].Reason;
        var version = await MappingFixes.RecipientFromAnonymousIdAsync(_scenario.Factory, _acme);
        var reports = new List<ReplayProgress>();

        var outcome = await Service<ReplayService>().ReplayAsync(
            caller, _acme, new ReplayRequest(null, new EventFilter(From: from, To: to, Reason: reason)), new ListProgress(reports));
        var customer = await Service<ReplayService>().ReplayAsync(
            await CallerAsync("customer@example.com"), _acme, new ReplayRequest(null, new EventFilter()), new ListProgress(reports));
        var after = await Service<FailureQueries>().GroupAsync(caller, _acme, from, to);

        Assert.Equal(new ReplayOutcome(3, 3, 0, 0, 0, version), outcome.Value);
        Assert.Equal(new ReplayProgress(0, 3), reports[0]);
        Assert.Equal(new ReplayProgress(3, 3), reports[^1]);
        Assert.Equal(OutcomeStatus.Forbidden, customer.Status);
        Assert.Equal(2, reports.Count);
        var left = Assert.Single(after.Value!.Groups);
        Assert.Contains("email_address", left.Reason);
    }

    [Fact]
    public async Task Replay_NothingPublished_SaysSo()
    {
        var (unpublished, _) = await _scenario.AddCustomerAsync("Initech", publish: false);

        var outcome = await Service<ReplayService>().ReplayAsync(IngestionScenario.System, unpublished, new ReplayRequest(null, new EventFilter()));

        Assert.Equal(OutcomeStatus.Invalid, outcome.Status);
        Assert.Contains("Nothing is published", Assert.Single(outcome.Problems));
    }

    [Fact]
    public async Task EventDetail_ScriptValues_AreRenderedAsEscapedTextWithTheRecordLink()
    {
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

        var response = await client.GetAsync($"/customers/{_acme}/events/{await EventIdAsync("id-1")}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("&quot;firstName&quot;: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain(Script, html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains($"href=\"customers/{_acme}/records/ids/ann\"", html);
        Assert.DoesNotContain("data-testid=\"replay-event\"", html);
    }

    [Fact]
    public async Task EventDetail_AppliedTrack_LinksToTheInteractionItProduced()
    {
        var client = await _scenario.Factory.SignedInClientAsync("rm@example.com");

        var html = await client.GetStringAsync($"/customers/{_acme}/events/{await EventIdAsync("tr-ok")}");

        Assert.Contains($"href=\"customers/{_acme}/records/interactions/EVENTS/tr-ok\"", html);
        Assert.Contains("data-testid=\"replay-event\"", html);
        Assert.Contains("data-testid=\"summary-source\">Segment production</td>", html);
        Assert.DoesNotContain(_scenario.SourceId.ToString(), html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FailuresPage_ReasonInTheAddress_ThatGroupIsShownWithItsEvents()
    {
        var client = await _scenario.Factory.SignedInClientAsync("rm@example.com");
        var reason = (await _scenario.EventsAsync()).First(e => e.MessageId == "bad-email").Reason!;

        var html = await client.GetStringAsync($"/customers/{_acme}/failures?reason={Uri.EscapeDataString(reason)}");

        Assert.Matches("data-testid=\"selected-reason\"[^>]*>CUSTOMERS.email_address:", html);
        Assert.Contains("data-testid=\"failure-event-link\"", html);
    }

    [Fact]
    public async Task EventDetail_PurgedPayload_SaysSo()
    {
        var id = await EventIdAsync("bad-email");
        await using (var db = _scenario.Db())
        {
            var line = await db.Events.FindAsync(id);
            line!.RawPayload = null;
            await db.SaveChangesAsync();
        }

        var client = await _scenario.Factory.SignedInClientAsync("rm@example.com");
        var html = await client.GetStringAsync($"/customers/{_acme}/events/{id}");

        Assert.Contains("data-testid=\"payload-purged\"", html);
        Assert.Contains("purged after the retention period", html);
        Assert.DoesNotContain("data-testid=\"replay-event\"", html);
    }

    [Fact]
    public async Task FailuresPage_Customer_SeesGroupsReadOnly_RelationshipManager_GetsReplay()
    {
        var customer = await _scenario.Factory.SignedInClientAsync("customer@example.com");
        var rm = await _scenario.Factory.SignedInClientAsync("rm@example.com");

        var customerHtml = await customer.GetStringAsync($"/customers/{_acme}/failures");
        var rmHtml = await rm.GetStringAsync($"/customers/{_acme}/failures");

        Assert.Contains("data-testid=\"read-only\"", customerHtml);
        Assert.Contains("4 failed · 2 reason(s)", customerHtml);
        Assert.Contains("customer_id", customerHtml);
        Assert.DoesNotContain("data-testid=\"replay-window\"", customerHtml);
        Assert.Contains("data-testid=\"replay-window\"", rmHtml);
        Assert.DoesNotContain("data-testid=\"read-only\"", rmHtml);
    }

    [Fact]
    public async Task EventLog_BadFilter_ExplainsTheProblem()
    {
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

        var html = await client.GetStringAsync($"/customers/{_acme}/events?status=weird&from=yesterday");

        Assert.Contains("data-testid=\"filter-problems\"", html);
        Assert.Contains("Status &quot;weird&quot; is not one of applied, duplicate, failed, skipped, deleted.", html);
        Assert.Contains("&quot;from&quot; is not an ISO 8601 time", html);
    }

    [Fact]
    public async Task CustomerOverviewPage_LinksToEventLogAndFailuresWithTheCount()
    {
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

        var html = await client.GetStringAsync($"/customers/{_acme}");

        Assert.Contains($"href=\"customers/{_acme}/events\"", html);
        Assert.Contains($"href=\"customers/{_acme}/failures\"", html);
        Assert.Contains("4 failed in the last 24 hours.", html);
    }

    private sealed class ListProgress(List<ReplayProgress> reports) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => reports.Add(value);
    }
}
