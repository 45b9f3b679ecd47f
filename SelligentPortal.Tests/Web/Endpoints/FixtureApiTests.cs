using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// Regression fixtures over the management API: saved from the event log or pasted, rerun against the
/// draft, blocking publishing while one fails, accepted with an audit line, and carried by export/import.
/// </summary>
public sealed class FixtureApiTests : IAsyncLifetime
{
    private const string Identify = """
        {"type":"identify","userId":"u-1","messageId":"m-1","traits":{"email":"ada@example.com","firstName":"Ada","address":{"city":"London"}}}
        """;

    private IngestionScenario _scenario = default!;
    private HttpClient _rm = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, managedCustomers: _scenario.CustomerId);
        _rm = await _scenario.Factory.ApiClientAsync("rm@example.com");
    }

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private string Route(string rest) => $"/api/v1/customers/{_scenario.CustomerId}/configuration/{rest}";

    private async Task<JsonElement> CreateAsync(object body)
    {
        var response = await _rm.PostAsJsonAsync(Route("fixtures"), body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Saves a draft whose city reads another path: the fixture's city would be lost.</summary>
    private async Task BreakCityMappingAsync()
    {
        var draft = JsonNode.Parse(await _rm.GetStringAsync(Route("draft")))!;
        draft["internalDataSource"]!["mapping"]!["address_city"] = JsonNode.Parse("""{"from":"traits.address.town"}""");
        var saved = await _rm.PutAsync(Route("draft"), new StringContent(draft.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    [Fact]
    public async Task Create_FromEventLog_ExpectsWhatTheLiveVersionMade()
    {
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync("/v1/identify", """{"userId":"u-9","traits":{"firstName":"Grace"}}""")).StatusCode);
        var logged = (await _scenario.EventsAsync()).Single();

        var fixture = await CreateAsync(new { name = "Grace signs up", eventLogId = logged.Id });

        Assert.Equal("event-log", fixture.GetProperty("origin").GetString());
        // Sent to /v1/identify without a type: the fixture keeps it, so it maps alike anywhere.
        Assert.Equal("identify", fixture.GetProperty("event").GetProperty("type").GetString());
        Assert.Equal(logged.ReceivedAtUtc, fixture.GetProperty("receivedAt").GetDateTime().ToUniversalTime());
        var ids = fixture.GetProperty("expected").GetProperty("idsRecord");
        Assert.Equal("u-9", ids.GetProperty("key").GetString());
        Assert.Equal("Grace", ids.GetProperty("fields").GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task Create_Pasted_WithExplicitExpectation_KeepsIt()
    {
        var fixture = await CreateAsync(new { name = "must fail", @event = JsonNode.Parse("""{"type":"identify","traits":{}}"""), expected = new { status = "failed", reason = "anything" } });

        Assert.Equal("pasted", fixture.GetProperty("origin").GetString());
        Assert.Equal("anything", fixture.GetProperty("expected").GetProperty("reason").GetString());
        var results = await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures/results"));
        Assert.Equal(1, results.GetProperty("failed").GetInt32());
        Assert.Contains(results.GetProperty("results")[0].GetProperty("differences").EnumerateArray(), d => d.GetProperty("what").GetString() == "reason");
    }

    [Theory]
    [InlineData("""{"name":"","event":{"type":"identify"}}""", "needs a name")]
    [InlineData("""{"name":"x"}""", "either the event")]
    [InlineData("""{"name":"x","event":[1]}""", "JSON object")]
    [InlineData("""{"name":"x","event":{"userId":"u"}}""", "(identify, track")]
    [InlineData("""{"name":"x","event":{"type":"identify"},"origin":"moon"}""", "Unknown origin")]
    [InlineData("""{"name":"x","event":{"type":"identify"},"expected":{"nope":1}}""", "is an outcome:")]
    public async Task Create_BadRequest_Is400AndSavesNothing(string body, string message)
    {
        var response = await _rm.PostAsync(Route("fixtures"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Empty((await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures"))).EnumerateArray());
    }

    [Fact]
    public async Task Create_SameNameTwice_Is409()
    {
        await CreateAsync(new { name = "Ada", @event = JsonNode.Parse(Identify) });

        var again = await _rm.PostAsJsonAsync(Route("fixtures"), new { name = "Ada", @event = JsonNode.Parse(Identify) });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Publish_WhileAFixtureFails_Is409WithTheDifferenceAndPublishesNothing()
    {
        await CreateAsync(new { name = "Ada identifies", @event = JsonNode.Parse(Identify) });
        await BreakCityMappingAsync();

        var results = await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures/results"));
        var publish = await _rm.PostAsJsonAsync(Route("publish"), new { note = "city" });

        Assert.Equal((1, 0), (results.GetProperty("total").GetInt32(), results.GetProperty("passed").GetInt32()));
        var difference = results.GetProperty("results")[0].GetProperty("differences")[0];
        Assert.Equal(("address_city", "\"London\""), (difference.GetProperty("field").GetString(), difference.GetProperty("expected").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        var detail = (await publish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("'Ada identifies' (CUSTOMERS.address_city: \"London\" → absent)", detail);
        Assert.Single((await _rm.GetFromJsonAsync<JsonElement>(Route("versions"))).EnumerateArray());
    }

    [Fact]
    public async Task Accept_MakesTheDraftsOutcomeExpectedAuditsTheDiffAndUnblocksPublishing()
    {
        var id = (await CreateAsync(new { name = "Ada identifies", @event = JsonNode.Parse(Identify) })).GetProperty("id").GetGuid();
        await BreakCityMappingAsync();

        var accepted = await _rm.PostAsync(Route($"fixtures/{id}/accept"), null);
        var publish = await _rm.PostAsJsonAsync(Route("publish"), new { note = "city from town" });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        var fixture = await _rm.GetFromJsonAsync<JsonElement>(Route($"fixtures/{id}"));
        Assert.False(fixture.GetProperty("expected").GetProperty("idsRecord").GetProperty("fields").TryGetProperty("address_city", out _));
        await using var db = _scenario.Db();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "fixture.accepted");
        Assert.Equal("rm@example.com", audit.ActorName);
        Assert.Contains("CUSTOMERS.address_city: \\u0022London\\u0022 \\u2192 absent", audit.After);
    }

    [Fact]
    public async Task RenameAndDelete_ChangeOnlyThatFixture()
    {
        var id = (await CreateAsync(new { name = "old", @event = JsonNode.Parse(Identify) })).GetProperty("id").GetGuid();
        await CreateAsync(new { name = "other", @event = JsonNode.Parse(Identify) });

        var renamed = await _rm.PutAsJsonAsync(Route($"fixtures/{id}"), new { name = "new" });
        var deleted = await _rm.DeleteAsync(Route($"fixtures/{id}"));

        Assert.Equal("new", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _rm.GetAsync(Route($"fixtures/{id}"))).StatusCode);
        Assert.Equal(["other"], (await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures"))).EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task CustomerUser_SeesNoFixtureAndNoneInAnExport()
    {
        await CreateAsync(new { name = "Ada identifies", @event = JsonNode.Parse(Identify) });
        await _scenario.Factory.CreateUserAsync("user@acme.example", PortalRoles.Customer, _scenario.CustomerId);
        var customer = await _scenario.Factory.ApiClientAsync("user@acme.example");

        var list = await customer.GetAsync(Route("fixtures"));
        var results = await customer.GetAsync(Route("fixtures/results"));
        var create = await customer.PostAsJsonAsync(Route("fixtures"), new { name = "mine", @event = JsonNode.Parse(Identify) });
        var export = await customer.GetStringAsync(Route("export?version=1"));

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { list.StatusCode, results.StatusCode, create.StatusCode });
        Assert.DoesNotContain("fixtures", export);
    }

    [Fact]
    public async Task OtherCustomersRm_GetsNotFound()
    {
        var (other, _) = await _scenario.AddCustomerAsync("Globex");
        await _scenario.Factory.CreateUserAsync("rm2@example.com", PortalRoles.RelationshipManager, managedCustomers: other);
        var outsider = await _scenario.Factory.ApiClientAsync("rm2@example.com");

        var response = await outsider.GetAsync(Route("fixtures"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ExportThenImport_CarriesTheFixtures()
    {
        await CreateAsync(new { name = "Ada identifies", @event = JsonNode.Parse(Identify) });
        var file = await _rm.GetStringAsync(Route("export"));
        var id = (await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures")))[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await _rm.DeleteAsync(Route($"fixtures/{id}"))).StatusCode);

        var imported = await _rm.PostAsync(Route("import"), new StringContent(file, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.DoesNotContain("fixtures", await imported.Content.ReadAsStringAsync());
        var fixture = (await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures"))).EnumerateArray().Single();
        Assert.Equal(("Ada identifies", "imported"), (fixture.GetProperty("name").GetString(), fixture.GetProperty("origin").GetString()));
        Assert.Equal(1, (await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures/results"))).GetProperty("passed").GetInt32());
    }

    [Fact]
    public async Task Import_WithABadFixture_Is400AndChangesNeitherDraftNorFixtures()
    {
        var file = JsonNode.Parse(await _rm.GetStringAsync(Route("export")))!;
        file["internalDataSource"]!["name"] = "PEOPLE";
        file["fixtures"] = JsonNode.Parse("""[{"name":"x","receivedAt":"2026-12-01T00:00:00Z","event":{"type":"identify"},"expected":{}}]""");

        var imported = await _rm.PostAsync(Route("import"), new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Contains("$.fixtures[0].expected", await imported.Content.ReadAsStringAsync());
        Assert.Equal("CUSTOMERS", JsonNode.Parse(await _rm.GetStringAsync(Route("draft")))!["internalDataSource"]!["name"]!.GetValue<string>());
        Assert.Empty((await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures"))).EnumerateArray());
    }

    [Fact]
    public async Task Import_BadDocumentWithGoodFixtures_ImportsNoFixture()
    {
        var file = JsonNode.Parse(await _rm.GetStringAsync(Route("export")))!;
        file["internalDataSource"]!["name"] = "1 bad";
        file["fixtures"] = JsonNode.Parse("""[{"name":"x","receivedAt":"2026-12-01T00:00:00Z","event":{"type":"identify"},"expected":{"status":"failed","reason":"r"}}]""");

        var imported = await _rm.PostAsync(Route("import"), new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Empty((await _rm.GetFromJsonAsync<JsonElement>(Route("fixtures"))).EnumerateArray());
    }
}
