using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>Sources and keys, reading back records and events, and replay, through the management API.</summary>
public class RecordsAndReplayApiTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private HttpClient _api = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _api = await ApiClientAsync("admin@example.com");
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private string Route(string rest) => $"/api/v1/customers/{_scenario.CustomerId}/{rest}";

    private async Task<HttpClient> ApiClientAsync(string email)
    {
        var client = _scenario.Factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await _scenario.Factory.CreateApiTokenAsync(await _scenario.Factory.FindUserAsync(email)));
        return client;
    }

    private async Task IdentifyAsync(string messageId, string userId, string email)
    {
        var json = JsonSerializer.Serialize(new { type = "identify", messageId, userId, traits = new { email } });
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync("/v1/identify", json)).StatusCode);
    }

    [Fact]
    public async Task Sources_CreateKeyListRevoke_ShowsSecretOnlyOnce()
    {
        var created = await _api.PostAsJsonAsync(Route("sources"), new { name = "Segment staging" });
        var sourceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var keyResponse = await _api.PostAsync(Route($"sources/{sourceId}/keys"), null);
        var key = await keyResponse.Content.ReadFromJsonAsync<JsonElement>();
        var secret = key.GetProperty("key").GetString()!;
        var list = await _api.GetStringAsync(Route("sources"));

        var accepted = await _scenario.PostAsync("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"k-1\"}", secret);
        var revoke = await _api.DeleteAsync(Route($"sources/{sourceId}/keys/{key.GetProperty("id").GetGuid()}"));
        var refused = await _scenario.PostAsync("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"k-2\"}", secret);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, keyResponse.StatusCode);
        Assert.StartsWith("spk_", secret);
        Assert.StartsWith(key.GetProperty("prefix").GetString()!, secret);
        Assert.Contains(key.GetProperty("prefix").GetString()!, list);
        Assert.DoesNotContain(secret, list);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Sources_CustomerUser_SeesPrefixesButCannotCreate()
    {
        await _scenario.Factory.CreateUserAsync("acme@example.com", PortalRoles.Customer, _scenario.CustomerId);
        var customer = await ApiClientAsync("acme@example.com");

        var list = await customer.GetAsync(Route("sources"));
        var create = await customer.PostAsJsonAsync(Route("sources"), new { name = "x" });
        var key = await customer.PostAsync(Route($"sources/{_scenario.SourceId}/keys"), null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("spk_", await list.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, key.StatusCode);
    }

    [Fact]
    public async Task IdsRecords_PagedByCursor_ReturnEveryRecordOnce()
    {
        for (var i = 0; i < 7; i++)
        {
            await IdentifyAsync($"m-{i}", $"user-{i}", $"user{i}@example.com");
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _api.GetFromJsonAsync<JsonElement>(Route($"records/ids?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("primaryKey").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"user-{i}"), seen);
    }

    [Fact]
    public async Task IdsRecords_SearchAndDetail_ShowFieldsVersionAndLineage()
    {
        await IdentifyAsync("m-1", "ann", "ann@example.com");
        await IdentifyAsync("m-2", "bob", "bob@example.com");
        await IdentifyAsync("m-3", "ann", "ann@example.com");

        var search = await _api.GetFromJsonAsync<JsonElement>(Route("records/ids?search=bob@"));
        var detail = await _api.GetFromJsonAsync<JsonElement>(Route("records/ids/ann"));

        Assert.Equal("bob", Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("primaryKey").GetString());
        Assert.Equal("ann@example.com", detail.GetProperty("record").GetProperty("fields").GetProperty("email_address").GetString());
        Assert.Equal(1, detail.GetProperty("record").GetProperty("configurationVersion").GetInt32());
        Assert.Equal(["m-3", "m-1"], detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("messageId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(Route("records/ids/nobody"))).StatusCode);
    }

    [Theory]
    [InlineData("team/ann")]
    [InlineData("50% off")]
    [InlineData("ann?x=1#y")]
    public async Task IdsRecordDetail_KeyWithReservedCharacters_IsFoundEscaped(string key)
    {
        await IdentifyAsync("m-1", key, "ann@example.com");

        var detail = await _api.GetAsync(Route("records/ids/" + Uri.EscapeDataString(key)));

        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Equal(key, (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("record").GetProperty("primaryKey").GetString());
    }

    [Fact]
    public async Task Interactions_FilteredByRecipient_ShowWhetherTheRecipientIsIdentified()
    {
        await IdentifyAsync("m-1", "ann", "ann@example.com");
        await _scenario.PostAsync("/v1/track", "{\"messageId\":\"t-1\",\"userId\":\"ann\",\"event\":\"Viewed\"}");
        await _scenario.PostAsync("/v1/track", "{\"messageId\":\"t-2\",\"userId\":\"ghost\",\"event\":\"Viewed\"}");

        var ann = await _api.GetFromJsonAsync<JsonElement>(Route("records/interactions/EVENTS?recipient=ann"));
        var all = await _api.GetFromJsonAsync<JsonElement>(Route("records/interactions/EVENTS?eventType=Viewed"));

        var only = Assert.Single(ann.GetProperty("items").EnumerateArray());
        Assert.True(only.GetProperty("recipientIdentified").GetBoolean());
        var ghost = all.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("recipientKey").GetString() == "ghost");
        Assert.False(ghost.GetProperty("recipientIdentified").GetBoolean());
    }

    [Fact]
    public async Task Events_FilterByStatusAndBadCursor()
    {
        await IdentifyAsync("m-1", "ann", "ann@example.com");
        await IdentifyAsync("m-2", "bob", "not-an-email");

        var failed = await _api.GetFromJsonAsync<JsonElement>(Route("events?status=failed"));
        var badCursor = await _api.GetAsync(Route("events?cursor=abc"));
        var badStatus = await _api.GetAsync(Route("events?status=weird"));
        var id = Assert.Single(failed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();
        var detail = await _api.GetFromJsonAsync<JsonElement>(Route($"events/{id}"));

        Assert.Equal("failed", failed.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Contains("not-an-email", detail.GetProperty("rawPayload").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task Replay_AfterFixingTheMapping_AppliesFailedEventsOnceOnly()
    {
        await IdentifyAsync("m-1", "ann", "ann at example");
        var configurations = _scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var draft = (await configurations.GetDraftAsync(IngestionScenario.System, _scenario.CustomerId)).Value!;
        var fixedDocument = draft.Document with
        {
            InternalDataSource = draft.Document.InternalDataSource with
            {
                Fields = draft.Document.InternalDataSource.Fields
                    .Select(f => f.Name == "email_address" ? new FieldDefinition("email_address", FieldType.Text, 200) : f).ToList(),
            },
        };
        Assert.True((await configurations.SaveDraftAsync(IngestionScenario.System, _scenario.CustomerId, fixedDocument, null)).IsOk);
        Assert.True((await configurations.PublishAsync(IngestionScenario.System, _scenario.CustomerId, "email as text")).IsOk);

        var first = await _api.PostAsJsonAsync(Route("events/replay"), new { failed = new { } });
        var second = await _api.PostAsJsonAsync(Route("events/replay"), new { failed = new { } });

        var outcome = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, outcome.GetProperty("applied").GetInt32());
        Assert.Equal(2, outcome.GetProperty("configurationVersion").GetInt32());
        Assert.Equal(0, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        var record = Assert.Single(await _scenario.IdsRecordsAsync());
        Assert.Equal("ann at example", (string?)JsonNode.Parse(record.FieldsJson)!["email_address"]);
        Assert.Equal(2, record.ConfigurationVersion);
        var eventId = (await _scenario.EventsAsync()).Single().Id;
        var again = await _api.PostAsJsonAsync(Route("events/replay"), new { eventIds = new[] { eventId, eventId + 1000 } });
        var againOutcome = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, againOutcome.GetProperty("applied").GetInt32());
        Assert.Equal(1, againOutcome.GetProperty("notFound").GetInt32()); // an id that is no event of this customer is counted, not ignored
        Assert.Single(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Replay_BadRequestAndOtherCustomer()
    {
        var (other, _) = await _scenario.AddCustomerAsync("Globex");
        await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _scenario.CustomerId);
        var rm = await ApiClientAsync("rm@example.com");

        var both = await _api.PostAsJsonAsync(Route("events/replay"), new { eventIds = new[] { 1 }, failed = new { } });
        var foreign = await rm.PostAsJsonAsync($"/api/v1/customers/{other}/events/replay", new { failed = new { } });
        var foreignRecords = await rm.GetAsync($"/api/v1/customers/{other}/records/ids");

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignRecords.StatusCode);
    }
}
