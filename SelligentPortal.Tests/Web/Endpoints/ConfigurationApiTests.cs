using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>The configuration routes of the management API, driven as a script would.</summary>
public class ConfigurationApiTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private HttpClient _rm = default!;
    private Guid _customerId;

    public async ValueTask InitializeAsync()
    {
        await _factory.CreateAdminAsync();
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        _rm = ClientWith(await _factory.CreateApiTokenAsync(rm));
        var created = await _rm.PostAsJsonAsync("/api/v1/customers", new { name = "Acme" });
        _customerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private string Route(string rest) => $"/api/v1/customers/{_customerId}/configuration/{rest}";

    private HttpClient ClientWith(string token)
    {
        var client = _factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonObject> DraftAsync() =>
        JsonNode.Parse(await _rm.GetStringAsync(Route("draft")))!.AsObject();

    private async Task<HttpResponseMessage> PutAsync(JsonNode document, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Route("draft")) { Content = JsonBody(document.ToJsonString()) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await _rm.SendAsync(request);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PutDraft_OverOneMegabyte_Is413AndTheDraftStays(bool sized)
    {
        var before = await DraftAsync();
        var document = before.DeepClone().AsObject();
        document["padding"] = new string('x', 1024 * 1024);
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString());
        HttpContent content = sized ? new ByteArrayContent(bytes) : new UnsizedContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _rm.PutAsync(Route("draft"), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 1024 KB", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before.ToJsonString(), (await DraftAsync()).ToJsonString());
    }

    private static async Task<JsonElement> ProblemsOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems");
    }

    [Fact]
    public async Task Draft_NewCustomer_IsTheSeedWithRevisionETag()
    {
        var response = await _rm.GetAsync(Route("draft"));
        var draft = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("CUSTOMERS", (string?)draft["internalDataSource"]!["name"]);
        Assert.Equal("userId", (string?)draft["internalDataSource"]!["mapping"]!["customer_id"]!["from"]);
        Assert.Equal("EVENTS", (string?)draft["interactionExtensions"]![0]!["name"]);
    }

    [Fact]
    public async Task PutDraft_MalformedJson_Is400AndChangesNothing()
    {
        var response = await _rm.PutAsync(Route("draft"), JsonBody("{\"internalDataSource\": "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await ProblemsOf(response)).EnumerateArray());
        Assert.Equal("\"1\"", (await _rm.GetAsync(Route("draft"))).Headers.ETag?.ToString());
    }

    [Fact]
    public async Task PutDraft_InvalidDocument_ListsEveryProblemWithItsPath()
    {
        var draft = await DraftAsync();
        var fields = draft["internalDataSource"]!["fields"]!.AsArray();
        fields[0]!["role"] = null;                       // no primary key any more
        fields[1]!["name"] = "1bad name";                // bad field name
        var response = await PutAsync(draft);

        var problems = (await ProblemsOf(response)).EnumerateArray()
            .Select(p => (p.GetProperty("path").GetString(), p.GetProperty("message").GetString())).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problems.Count >= 2);
        Assert.Contains(problems, p => p.Item1 == "$.internalDataSource.fields[1].name");
        Assert.Contains(problems, p => p.Item2!.Contains("primary", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("\"1\"", (await _rm.GetAsync(Route("draft"))).Headers.ETag?.ToString());
    }

    [Fact]
    public async Task PutDraft_StaleIfMatch_Is409AndKeepsTheOtherEdit()
    {
        var draft = await DraftAsync();
        draft["internalDataSource"]!["name"] = "FIRST";
        var first = await PutAsync(draft, "\"1\"");
        draft["internalDataSource"]!["name"] = "SECOND";

        var second = await PutAsync(draft, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("changed by", await second.Content.ReadAsStringAsync());
        Assert.Equal("FIRST", (string?)(await DraftAsync())["internalDataSource"]!["name"]);
    }

    [Fact]
    public async Task Publish_ThenVersionsRestoreAndCompare_Work()
    {
        var v1 = await _rm.PostAsJsonAsync(Route("publish"), new { note = "first" });
        var draft = await DraftAsync();
        draft["internalDataSource"]!["mapping"]!["first_name"] = JsonNode.Parse("{\"from\": \"traits.name\"}");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(draft)).StatusCode);
        var v2 = await _rm.PostAsJsonAsync(Route("publish"), new { note = "names" });

        var restored = await _rm.PostAsJsonAsync(Route("versions/1/restore"), new { });
        var versions = await _rm.GetFromJsonAsync<JsonElement>(Route("versions"));
        var compare = await _rm.GetFromJsonAsync<JsonElement>(Route("versions/1/compare/2"));

        Assert.Equal(1, (await v1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(2, (await v2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var restoredBody = await restored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, restoredBody.GetProperty("draftRevision").GetInt32());
        Assert.Equal(1, restoredBody.GetProperty("restoredFrom").GetInt32());
        Assert.Equal(JsonValueKind.Null, restoredBody.GetProperty("version").ValueKind);
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("names", versions[0].GetProperty("note").GetString());
        Assert.Equal("traits.firstName", (string?)(await DraftAsync())["internalDataSource"]!["mapping"]!["first_name"]!["from"]![0]);
        var change = Assert.Single(compare.GetProperty("changes").EnumerateArray());
        Assert.Contains("first_name", change.GetProperty("path").GetString());
        Assert.Equal("changed", change.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Restore_WithPublish_PublishesTheOldDocumentAsANewVersion()
    {
        await _rm.PostAsJsonAsync(Route("publish"), new { note = "first" });
        var draft = await DraftAsync();
        draft["internalDataSource"]!["mapping"]!["first_name"] = JsonNode.Parse("{\"from\": \"traits.name\"}");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(draft)).StatusCode);
        await _rm.PostAsJsonAsync(Route("publish"), new { note = "names" });

        var restored = await _rm.PostAsJsonAsync(Route("versions/1/restore"), new { note = "back to v1", publish = true });
        var version3 = await _rm.GetFromJsonAsync<JsonElement>(Route("versions/3"));

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(3, (await restored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(1, version3.GetProperty("restoredFrom").GetInt32());
        Assert.Equal("back to v1", version3.GetProperty("note").GetString());
        Assert.Equal("traits.firstName", version3.GetProperty("document").GetProperty("internalDataSource").GetProperty("mapping")
            .GetProperty("first_name").GetProperty("from")[0].GetString());
        Assert.Equal("traits.firstName", (string?)(await DraftAsync())["internalDataSource"]!["mapping"]!["first_name"]!["from"]![0]);
    }

    [Fact]
    public async Task Publish_NoteTooLong_Is400()
    {
        var response = await _rm.PostAsJsonAsync(Route("publish"), new { note = new string('n', 501) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await _rm.GetFromJsonAsync<JsonElement>(Route("versions"))).EnumerateArray());
    }

    [Theory]
    [InlineData("versions/9")]
    [InlineData("versions/9/compare/1")]
    public async Task Version_Unknown_IsJson404(string rest)
    {
        var response = await _rm.GetAsync(Route(rest));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Preview_IdentifySampleOnDraft_GivesTypedRecord()
    {
        var body = $"{{\"event\": {SegmentSamples.ReadText("01-spec-identify-complete-with-address.json")}, \"version\": \"draft\"}}";

        var response = await _rm.PostAsync(Route("preview"), JsonBody(body));
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mapped", preview.GetProperty("outcome").GetString());
        Assert.Equal("draft", preview.GetProperty("version").GetString());
        var fields = preview.GetProperty("internalDataSource").GetProperty("fields");
        Assert.Equal("97980cfea0067", fields.GetProperty("customer_id").GetString());
        Assert.Equal("peter@example.com", fields.GetProperty("email_address").GetString());
        Assert.Equal("94103", fields.GetProperty("address_zip").GetString());
        Assert.Empty(preview.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Preview_TrackOnPublishedVersion_GivesExtensionRecordWithUtcTimestamp()
    {
        await _rm.PostAsJsonAsync(Route("publish"), new { note = "v1" });
        var body = $"{{\"event\": {SegmentSamples.ReadText("03-spec-track-complete.json")}}}";

        var preview = await (await _rm.PostAsync(Route("preview"), JsonBody(body))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("1", preview.GetProperty("version").GetString());
        var fields = preview.GetProperty("interactionExtensions").GetProperty("EVENTS").GetProperty("fields");
        Assert.EndsWith("Z", fields.GetProperty("event_timestamp").GetString());
        Assert.False(string.IsNullOrEmpty(fields.GetProperty("event_id").GetString()));
    }

    [Fact]
    public async Task Preview_BadEmail_ReportsTheFieldAndStoresNothing()
    {
        var body = "{\"version\": \"draft\", \"event\": {\"type\": \"identify\", \"userId\": \"u1\", \"traits\": {\"email\": \"not-an-email\"}}}";

        var preview = await (await _rm.PostAsync(Route("preview"), JsonBody(body))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("failed", preview.GetProperty("outcome").GetString());
        var error = Assert.Single(preview.GetProperty("errors").EnumerateArray());
        Assert.Equal("email_address", error.GetProperty("field").GetString());
        Assert.Contains("not-an-email", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"event\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"event\": {}, \"version\": \"latest\"}")]
    public async Task Preview_BadRequest_Is400(string body)
    {
        var response = await _rm.PostAsync(Route("preview"), JsonBody(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Preview_NothingPublished_Is404WithHint()
    {
        var response = await _rm.PostAsync(Route("preview"), JsonBody("{\"event\": {\"type\": \"identify\"}}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("draft", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExportThenImport_RoundTripsTheDocument()
    {
        var export = await _rm.GetAsync(Route("export"));
        var exported = await export.Content.ReadAsStringAsync();
        Assert.True(export.IsSuccessStatusCode, exported);
        var changed = exported.Replace("\"CUSTOMERS\"", "\"CONTACTS\"");
        using var form = new MultipartFormDataContent { { new StringContent(changed, Encoding.UTF8, "application/json"), "file", "config.json" } };

        var import = await _rm.PostAsync(Route("import"), form);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        Assert.Equal("CONTACTS", (string?)(await DraftAsync())["internalDataSource"]!["name"]);
    }

    [Fact]
    public async Task CustomerUser_ReadsPublishedVersionsButNotDraftsOrEditors()
    {
        await _rm.PostAsJsonAsync(Route("publish"), new { note = "v1" });
        var user = await _factory.CreateUserAsync("acme@example.com", PortalRoles.Customer, _customerId);
        var client = ClientWith(await _factory.CreateApiTokenAsync(user));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Route("versions/1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Route("draft"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync(Route("draft"), JsonBody("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(Route("preview"), JsonBody("{\"event\": {}, \"version\": \"draft\"}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Route("publish"), new { })).StatusCode);
    }

    [Fact]
    public async Task OtherCustomersConfiguration_IsNotFoundForEveryRoute()
    {
        var other = await _factory.CreateCustomerAsync("Globex");
        var routes = new[] { "draft", "versions", "versions/1", "export" };

        foreach (var rest in routes)
        {
            var response = await _rm.GetAsync($"/api/v1/customers/{other.Id}/configuration/{rest}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Globex", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _rm.PostAsJsonAsync($"/api/v1/customers/{other.Id}/configuration/publish", new { })).StatusCode);
    }
}
