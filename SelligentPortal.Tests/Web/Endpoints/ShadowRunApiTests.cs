using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>Shadow runs through the management API: every state change, what live traffic shows, who may see it.</summary>
public class ShadowRunApiTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private HttpClient _rm = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _scenario.CustomerId);
        _rm = await _scenario.Factory.ApiClientAsync("rm@example.com");
    }

    public async ValueTask DisposeAsync()
    {
        _rm.Dispose();
        await _scenario.DisposeAsync();
    }

    private string Route(string rest = "", Guid? customer = null) => $"/api/v1/customers/{customer ?? _scenario.CustomerId}/configuration/{rest}";

    private Task<HttpResponseMessage> SaveDraftAsync(ConfigurationDocument document) =>
        _rm.PutAsync(Route("draft"), new StringContent(ConfigurationDocumentSerializer.Serialize(document), Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> StartAsync(object body) => _rm.PostAsJsonAsync(Route("shadow"), body);

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await JsonOf(response)).GetProperty("detail").GetString() ?? "";
    }

    /// <summary>Reads the run until the condition holds (the instance stores its tally every second).</summary>
    private async Task<JsonElement> WaitForRunAsync(Func<JsonElement, bool> condition)
    {
        JsonElement run = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            run = await JsonOf(await _rm.GetAsync(Route("shadow")));
            if (condition(run))
            {
                return run;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The shadow run never got there: {run}");
        return run;
    }

    private static string Identify(int i, string? email = "ann@example.com") => JsonSerializer.Serialize(new
    {
        type = "identify", messageId = $"id-{i}", userId = $"u-{i}", traits = new { email, firstName = "Ann", nickname = $"Annie {i}" },
    });

    [Fact]
    public async Task ShadowRun_StartedOnLiveTraffic_ShowsDifferencesStoresNothingAndStops()
    {
        Assert.Equal(HttpStatusCode.OK, (await SaveDraftAsync(ShadowDrafts.FirstNameFromNickname())).StatusCode);
        var started = await StartAsync(new { hours = 2 });
        var run = await JsonOf(started);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(("active", 2, 1), (run.GetProperty("state").GetString(), run.GetProperty("draftRevision").GetInt32(), run.GetProperty("liveVersion").GetInt32()));
        Assert.Equal(run.GetProperty("startedAt").GetDateTime().AddHours(2), run.GetProperty("endsAt").GetDateTime());

        await _scenario.PostBatchAsync(null, Identify(1), Identify(2), Identify(3), SegmentEvents.Page("p-1", "u-1"),
            JsonSerializer.Serialize(new { type = "track", messageId = "tr-1", userId = "u-1", @event = "Signed Up" }));

        run = await WaitForRunAsync(r => r.GetProperty("summary").GetProperty("compared").GetInt32() == 5);
        var summary = run.GetProperty("summary");
        Assert.Equal((3, 2, 0, 0), (summary.GetProperty("changed").GetInt32(), summary.GetProperty("unchanged").GetInt32(),
            summary.GetProperty("nowFailing").GetInt32(), summary.GetProperty("notCompared").GetInt32()));
        var field = Assert.Single(summary.GetProperty("fields").EnumerateArray());
        Assert.Equal(("CUSTOMERS", "first_name", 3), (field.GetProperty("table").GetString(), field.GetProperty("field").GetString(), field.GetProperty("changes").GetInt32()));
        var example = field.GetProperty("examples")[0];
        Assert.Equal(("\"Ann\"", "\"Annie 1\""), (example.GetProperty("live").GetString(), example.GetProperty("draft").GetString()));
        Assert.Equal(3, summary.GetProperty("samples").GetArrayLength());
        Assert.Equal(5, run.GetProperty("events").GetInt32());
        // Only live's records exist: the draft's results are never stored.
        Assert.All(await _scenario.IdsRecordsAsync(), r => Assert.Contains("\"first_name\":\"Ann\"", r.FieldsJson, StringComparison.Ordinal));

        var stopped = await _rm.PostAsync(Route("shadow/stop"), null);
        run = await JsonOf(stopped);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal(("ended", "stopped"), (run.GetProperty("state").GetString(), run.GetProperty("endReason").GetString()));
        Assert.Contains("No shadow run is active", await ProblemOf(await _rm.PostAsync(Route("shadow/stop"), null), HttpStatusCode.Conflict), StringComparison.Ordinal);

        // After the stop, live traffic is no longer compared.
        await _scenario.PostBatchAsync(null, Identify(4));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal(5, (await JsonOf(await _rm.GetAsync(Route("shadow")))).GetProperty("summary").GetProperty("compared").GetInt32());
        await using var db = _scenario.Db();
        Assert.Equal(["configuration.shadow-ended", "configuration.shadow-started"],
            await db.AuditEntries.Where(a => a.Action.StartsWith("configuration.shadow")).OrderByDescending(a => a.Id).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ShadowRun_NoRunYet_Is404ProblemDetails()
    {
        Assert.Contains("No shadow run", await ProblemOf(await _rm.GetAsync(Route("shadow")), HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShadowRun_BadRequests_AreRefusedWithTheReason()
    {
        Assert.Contains("Give a period", await ProblemOf(await StartAsync(new { }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("at most 7 days", await ProblemOf(await StartAsync(new { days = 8 }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("at most 7 days", await ProblemOf(await StartAsync(new { days = 1, hours = -24 }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("at most 7 days", await ProblemOf(await StartAsync(new { days = int.MaxValue }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("at least 1", await ProblemOf(await StartAsync(new { events = 0 }), HttpStatusCode.BadRequest), StringComparison.Ordinal);

        var started = await StartAsync(new { events = 100 });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(100, (await JsonOf(started)).GetProperty("eventsLeft").GetInt32());
        Assert.Contains("already running", await ProblemOf(await StartAsync(new { days = 1 }), HttpStatusCode.Conflict), StringComparison.Ordinal);

        var (unpublished, _) = await _scenario.AddCustomerAsync("Unpublished", publish: false);
        var admin = await _scenario.Factory.ApiClientAsync("admin@example.com");
        Assert.Contains("Nothing is published", await ProblemOf(await admin.PostAsJsonAsync(Route("shadow", unpublished), new { days = 1 }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShadowRun_SavedDraftNoLongerValidates_IsRefused()
    {
        await using (var db = _scenario.Db())
        {
            var draft = await db.ConfigurationDrafts.SingleAsync(d => d.CustomerId == _scenario.CustomerId, TestContext.Current.CancellationToken);
            draft.DocumentJson = draft.DocumentJson.Replace("\"primaryKey\"", "null", StringComparison.Ordinal);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var response = await StartAsync(new { days = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await JsonOf(response)).GetProperty("problems")[0];
        Assert.StartsWith("The draft does not validate:", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("$.internalDataSource", problem.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _rm.GetAsync(Route("shadow"))).StatusCode);
    }

    [Fact]
    public async Task ShadowRun_NewDraftRevisionOrPublish_EndsIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await StartAsync(new { days = 7 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveDraftAsync(ShadowDrafts.FirstNameFromNickname())).StatusCode);

        var run = await JsonOf(await _rm.GetAsync(Route("shadow")));
        Assert.Equal(("ended", "draft-changed"), (run.GetProperty("state").GetString(), run.GetProperty("endReason").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await StartAsync(new { days = 7 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _rm.PostAsJsonAsync(Route("publish"), new { note = "v2" })).StatusCode);

        // Noticed by the ingestion side within a second or two, without anyone reading the run.
        await using var db = _scenario.Db();
        for (var i = 0; i < 50 && await db.ShadowRuns.AnyAsync(r => r.EndedAtUtc == null, TestContext.Current.CancellationToken); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal("published", (await db.ShadowRuns.OrderByDescending(r => r.Id).FirstAsync(TestContext.Current.CancellationToken)).EndReason);
    }

    [Fact]
    public async Task ShadowRun_CountOrPeriodReached_EndsIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await StartAsync(new { events = 2 })).StatusCode);
        await _scenario.PostBatchAsync(null, Identify(1), Identify(2), Identify(3));

        var run = await WaitForRunAsync(r => r.GetProperty("state").GetString() == "ended");
        Assert.Equal(("count-reached", 2, 0), (run.GetProperty("endReason").GetString(), run.GetProperty("events").GetInt32(), run.GetProperty("eventsLeft").GetInt32()));
        Assert.Equal(2, run.GetProperty("summary").GetProperty("compared").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await StartAsync(new { hours = 1 })).StatusCode);
        await using (var db = _scenario.Db())
        {
            await db.ShadowRuns.Where(r => r.EndedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.EndsAtUtc, DateTime.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken);
        }

        run = await JsonOf(await _rm.GetAsync(Route("shadow")));
        Assert.Equal(("ended", "period-over"), (run.GetProperty("state").GetString(), run.GetProperty("endReason").GetString()));
    }

    [Fact]
    public async Task ShadowRun_CustomerUser_CannotSeeStartOrStopAny()
    {
        Assert.Equal(HttpStatusCode.OK, (await StartAsync(new { days = 1 })).StatusCode);
        await _scenario.Factory.CreateUserAsync("user@acme.example", PortalRoles.Customer, _scenario.CustomerId);
        using var customer = await _scenario.Factory.ApiClientAsync("user@acme.example");

        var responses = new[]
        {
            await customer.GetAsync(Route("shadow")),
            await customer.PostAsJsonAsync(Route("shadow"), new { days = 1 }),
            await customer.PostAsync(Route("shadow/stop"), null),
        };

        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("draftRevision", body, StringComparison.Ordinal);
        }

        Assert.Equal("active", (await JsonOf(await _rm.GetAsync(Route("shadow")))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ShadowRun_AnotherCustomers_IsNotFound()
    {
        var (other, _) = await _scenario.AddCustomerAsync("Globex");

        Assert.Equal(HttpStatusCode.NotFound, (await _rm.GetAsync(Route("shadow", other))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _rm.PostAsJsonAsync(Route("shadow", other), new { days = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _rm.PostAsync(Route("shadow/stop", other), null)).StatusCode);
    }
}
