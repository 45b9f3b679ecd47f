using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// Four-eyes publishing through the management API: the Admin's per-customer switch, requests, approval
/// by a second person only, rejection, withdrawal, staleness, urgent publishes, and who sees what.
/// </summary>
public sealed class PublishRequestApiTests : IAsyncLifetime
{
    private const string Requester = "rm1@example.com";
    private const string Reviewer = "rm2@example.com";

    private readonly PortalFactory _factory = new();
    private HttpClient _admin = default!;
    private HttpClient _rm1 = default!;
    private HttpClient _rm2 = default!;
    private Guid _customerId;

    public async ValueTask InitializeAsync()
    {
        await _factory.CreateAdminAsync();
        _admin = await _factory.ApiClientAsync("admin@example.com");
        await _factory.CreateUserAsync(Requester, PortalRoles.RelationshipManager);
        _rm1 = await _factory.ApiClientAsync(Requester);
        var created = await _rm1.PostAsJsonAsync("/api/v1/customers", new { name = "Acme" });
        _customerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await _factory.CreateUserAsync(Reviewer, PortalRoles.RelationshipManager, null, _customerId);
        _rm2 = await _factory.ApiClientAsync(Reviewer);
        // Version 1 goes out directly; from then on the customer requires approval.
        Assert.Equal(HttpStatusCode.OK, (await _rm1.PostAsJsonAsync(Route("publish"), new { note = "first" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SetApprovalAsync(_admin, true)).StatusCode);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Route(string rest) => $"/api/v1/customers/{_customerId}/configuration/{rest}";

    private Task<HttpResponseMessage> SetApprovalAsync(HttpClient client, bool required) =>
        client.PutAsJsonAsync($"/api/v1/customers/{_customerId}/publish-approval", new { required });

    /// <summary>Saves a draft whose first_name comes from <paramref name="path"/>.</summary>
    private async Task EditDraftAsync(string path)
    {
        var draft = JsonNode.Parse(await _rm1.GetStringAsync(Route("draft")))!;
        draft["internalDataSource"]!["mapping"]!["first_name"] = JsonNode.Parse($"{{\"from\": \"{path}\"}}");
        var saved = await _rm1.PutAsync(Route("draft"), new StringContent(draft.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private async Task<long> RequestAsync(HttpClient client, string? note = null)
    {
        var response = await client.PostAsJsonAsync(Route("publish-requests"), new { note });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private Task<HttpResponseMessage> DecideAsync(HttpClient client, long id, string action, string? comment = null) =>
        client.PostAsJsonAsync(Route($"publish-requests/{id}/{action}"), new { comment });

    private async Task<JsonElement> RequestOfAsync(long id) =>
        (await _rm1.GetFromJsonAsync<JsonElement>(Route($"publish-requests/{id}"))).GetProperty("request");

    private async Task<List<int>> VersionNumbersAsync() =>
        [.. (await _rm1.GetFromJsonAsync<JsonElement>(Route("versions"))).EnumerateArray().Select(v => v.GetProperty("version").GetInt32())];

    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var db = _factory.Services.GetRequiredService<SelligentPortal.Core.Persistence.PortalDbFactory>().CreateUnrestricted();
        return await db.AuditEntries.Where(a => a.CustomerId == _customerId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task PublishApproval_AdminOnly_DirectPublishAndRestorePublishAre409()
    {
        var byRm = await SetApprovalAsync(_rm1, false);
        var empty = await _admin.PutAsJsonAsync($"/api/v1/customers/{_customerId}/publish-approval", new { });
        var customer = await _rm1.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{_customerId}");
        var publish = await _rm1.PostAsJsonAsync(Route("publish"), new { note = "direct" });
        var restore = await _rm1.PostAsJsonAsync(Route("versions/1/restore"), new { publish = true });

        Assert.Equal(HttpStatusCode.Forbidden, byRm.StatusCode);
        Assert.Contains("Only Admins", await ProblemAsync(byRm));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("required", await ProblemAsync(empty));
        Assert.True(customer.GetProperty("requiresPublishApproval").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        Assert.Equal("This customer requires approval: request a publish instead.", await ProblemAsync(publish));
        Assert.Equal(HttpStatusCode.Conflict, restore.StatusCode);
        Assert.Contains("request a publish", await ProblemAsync(restore));
        Assert.Equal([1], await VersionNumbersAsync());

        var off = await SetApprovalAsync(_admin, false);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiresPublishApproval").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await _rm1.PostAsJsonAsync(Route("publish"), new { note = "direct again" })).StatusCode);
        var actions = await AuditActionsAsync();
        Assert.Contains("customer.publish-approval-required", actions);
        Assert.Contains("customer.publish-approval-not-required", actions);
    }

    [Fact]
    public async Task Approve_BySecondManager_PublishesTheRequestWithApproverAndTrail()
    {
        await EditDraftAsync("traits.name");
        var created = await _rm1.PostAsJsonAsync(Route("publish-requests"), new { note = "names from traits.name" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var detail = await _rm2.GetFromJsonAsync<JsonElement>(Route($"publish-requests/{id}"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith($"/configuration/publish-requests/{id}", created.Headers.Location?.ToString());
        var request = detail.GetProperty("request");
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.False(request.GetProperty("stale").GetBoolean());
        Assert.Equal(1, request.GetProperty("liveVersion").GetInt32());
        Assert.Equal(Requester, request.GetProperty("requestedBy").GetString());
        var table = Assert.Single(detail.GetProperty("changes").EnumerateArray());
        Assert.Equal("CUSTOMERS", table.GetProperty("table").GetString());
        Assert.Equal("first_name", Assert.Single(table.GetProperty("fields").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("fixtures").ValueKind);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("shadowRun").ValueKind);

        var approved = await DecideAsync(_rm2, id, "approve", "looks right");
        var body = await approved.Content.ReadFromJsonAsync<JsonElement>();
        var versions = await _rm1.GetFromJsonAsync<JsonElement>(Route("versions"));
        var version2 = await _rm1.GetFromJsonAsync<JsonElement>(Route("versions/2"));

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("approved", body.GetProperty("request").GetProperty("status").GetString());
        Assert.Equal(Reviewer, body.GetProperty("request").GetProperty("decidedBy").GetString());
        Assert.Equal("looks right", body.GetProperty("request").GetProperty("comment").GetString());
        Assert.Equal(2, (await RequestOfAsync(id)).GetProperty("publishedVersion").GetInt32());
        Assert.Equal(Requester, versions[0].GetProperty("publishedBy").GetString());
        Assert.Equal(Reviewer, versions[0].GetProperty("approvedBy").GetString());
        Assert.Equal(id, versions[0].GetProperty("publishRequestId").GetInt64());
        Assert.False(versions[0].GetProperty("urgent").GetBoolean());
        Assert.Equal("names from traits.name", version2.GetProperty("note").GetString());
        Assert.Equal("traits.name", version2.GetProperty("document").GetProperty("internalDataSource").GetProperty("mapping")
            .GetProperty("first_name").GetProperty("from").GetString());
        var actions = await AuditActionsAsync();
        Assert.Equal(["configuration.publish-requested", "configuration.publish-approved", "configuration.published"], actions.TakeLast(3));
    }

    [Fact]
    public async Task Approve_ByTheRequester_Is403AndRejectToo()
    {
        await EditDraftAsync("traits.name");
        var id = await RequestAsync(_rm1);

        var approve = await DecideAsync(_rm1, id, "approve");
        var reject = await DecideAsync(_rm1, id, "reject", "changed my mind");

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Contains("You made this request", await ProblemAsync(approve));
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Contains("withdraw it instead", await ProblemAsync(reject));
        Assert.Equal([1], await VersionNumbersAsync());
        Assert.Equal("pending", (await RequestOfAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_AfterTheDraftChanged_IsStale409_ThenAnAdminApprovesAFreshRequest()
    {
        await EditDraftAsync("traits.name");
        var id = await RequestAsync(_rm1);
        await EditDraftAsync("traits.givenName");

        var stale = await RequestOfAsync(id);
        var approve = await DecideAsync(_rm2, id, "approve");

        Assert.True(stale.GetProperty("stale").GetBoolean());
        Assert.Contains("the draft changed", stale.GetProperty("staleReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("stale and cannot be approved", await ProblemAsync(approve));
        Assert.Equal([1], await VersionNumbersAsync());

        var fresh = await RequestAsync(_rm1, "given name");
        var approved = await DecideAsync(_admin, fresh, "approve");

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("superseded", (await RequestOfAsync(id)).GetProperty("status").GetString());
        Assert.Equal("Ada Admin", (await _rm1.GetFromJsonAsync<JsonElement>(Route("versions")))[0].GetProperty("approvedBy").GetString());
        Assert.Contains("configuration.publish-superseded", await AuditActionsAsync());
    }

    [Fact]
    public async Task Approve_AfterAnotherVersionWentLive_IsStale409()
    {
        var id = await RequestAsync(_rm1);
        Assert.Equal(HttpStatusCode.OK, (await SetApprovalAsync(_admin, false)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _rm2.PostAsJsonAsync(Route("publish"), new { })).StatusCode);

        var approve = await DecideAsync(_rm2, id, "approve");

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("version 2 was published after it was made", await ProblemAsync(approve));
        Assert.Equal([2, 1], await VersionNumbersAsync());
    }

    [Fact]
    public async Task Reject_NeedsAComment_ThenTheRequestCannotBeApproved()
    {
        var id = await RequestAsync(_rm1);

        var withoutComment = await DecideAsync(_rm2, id, "reject", " ");
        var rejected = await DecideAsync(_rm2, id, "reject", "ORDERS is missing");
        var approveAfter = await DecideAsync(_admin, id, "approve");

        Assert.Equal(HttpStatusCode.BadRequest, withoutComment.StatusCode);
        Assert.Contains("Say why", await ProblemAsync(withoutComment));
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var request = (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request");
        Assert.Equal("rejected", request.GetProperty("status").GetString());
        Assert.Equal("ORDERS is missing", request.GetProperty("comment").GetString());
        Assert.Equal(HttpStatusCode.Conflict, approveAfter.StatusCode);
        Assert.Contains("already rejected", await ProblemAsync(approveAfter));
        Assert.Equal([1], await VersionNumbersAsync());
        Assert.Contains("configuration.publish-rejected", await AuditActionsAsync());
    }

    [Fact]
    public async Task Withdraw_ByRequesterOrAdmin_NotByAnotherManager()
    {
        var first = await RequestAsync(_rm1);
        var byOther = await DecideAsync(_rm2, first, "withdraw");
        var byRequester = await DecideAsync(_rm1, first, "withdraw");
        var second = await RequestAsync(_rm1);
        var byAdmin = await DecideAsync(_admin, second, "withdraw", "not this week");

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Contains("or an Admin withdraws it", await ProblemAsync(byOther));
        Assert.Equal(HttpStatusCode.OK, byRequester.StatusCode);
        Assert.Equal("withdrawn", (await byRequester.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("withdrawn", (await RequestOfAsync(second)).GetProperty("status").GetString());
        Assert.Equal(2, (await AuditActionsAsync()).Count(a => a == "configuration.publish-withdrawn"));
    }

    [Fact]
    public async Task Request_New_SupersedesThePendingOne_AndTheListIsNewestFirst()
    {
        var first = await RequestAsync(_rm1, "first try");
        var second = await RequestAsync(_rm2, "second try");

        var list = await _rm1.GetFromJsonAsync<JsonElement>(Route("publish-requests"));

        Assert.Equal([second, first], list.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal(["pending", "superseded"], list.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(Reviewer, list[1].GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task Request_WhenApprovalIsNotRequired_Is409()
    {
        Assert.Equal(HttpStatusCode.OK, (await SetApprovalAsync(_admin, false)).StatusCode);

        var response = await _rm1.PostAsJsonAsync(Route("publish-requests"), new { note = "x" });
        var urgent = await _admin.PostAsJsonAsync(Route("publish-urgent"), new { reason = "x" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("publish directly", await ProblemAsync(response));
        Assert.Equal(HttpStatusCode.Conflict, urgent.StatusCode);
    }

    [Fact]
    public async Task PublishUrgent_AdminOnlyWithReason_FlaggedAuditedAndSupersedesThePendingRequest()
    {
        var pending = await RequestAsync(_rm1);
        await EditDraftAsync("traits.name");

        var byRm = await _rm1.PostAsJsonAsync(Route("publish-urgent"), new { reason = "hotfix" });
        var withoutReason = await _admin.PostAsJsonAsync(Route("publish-urgent"), new { });
        var urgent = await _admin.PostAsJsonAsync(Route("publish-urgent"), new { reason = "Broken email mapping drops every identify" });
        var version = await _rm1.GetFromJsonAsync<JsonElement>(Route("versions/2"));

        Assert.Equal(HttpStatusCode.Forbidden, byRm.StatusCode);
        Assert.Contains("Only Admins publish urgently", await ProblemAsync(byRm));
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("reason", await ProblemAsync(withoutReason));
        Assert.Equal(HttpStatusCode.OK, urgent.StatusCode);
        Assert.Equal(2, (await urgent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.True(version.GetProperty("urgent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, version.GetProperty("approvedBy").ValueKind);
        Assert.Equal("Broken email mapping drops every identify", version.GetProperty("note").GetString());
        Assert.Equal("superseded", (await RequestOfAsync(pending)).GetProperty("status").GetString());
        Assert.Equal(["configuration.publish-superseded", "configuration.published-urgently"], (await AuditActionsAsync()).TakeLast(2));
    }

    [Fact]
    public async Task CustomerUser_SeesNoRequests_ButTheApprovedVersion()
    {
        await _factory.CreateUserAsync("acme@example.com", PortalRoles.Customer, _customerId);
        var customer = await _factory.ApiClientAsync("acme@example.com");
        var id = await RequestAsync(_rm1, "internal note");

        var responses = new[]
        {
            await customer.GetAsync(Route("publish-requests")),
            await customer.GetAsync(Route($"publish-requests/{id}")),
            await customer.PostAsJsonAsync(Route("publish-requests"), new { }),
            await DecideAsync(customer, id, "approve"),
            await DecideAsync(customer, id, "reject", "no"),
            await DecideAsync(customer, id, "withdraw"),
            await customer.PostAsJsonAsync(Route("publish-urgent"), new { reason = "x" }),
        };
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("internal note", text);
        }

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(_rm2, id, "approve")).StatusCode);
        var versions = await customer.GetFromJsonAsync<JsonElement>(Route("versions"));
        Assert.Equal(Reviewer, versions[0].GetProperty("approvedBy").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(Route($"publish-requests/{id}"))).StatusCode);
    }

    [Fact]
    public async Task Request_WhileAFixtureFails_Is409_ThenCarriesTheFixturesAndTheShadowRun()
    {
        var identify = JsonNode.Parse("""{"type":"identify","userId":"u-1","messageId":"m-1","traits":{"email":"ada@example.com","firstName":"Ada","nickname":"Addie"}}""");
        var created = await _rm1.PostAsJsonAsync(Route("fixtures"), new { name = "Ada", @event = identify });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var fixtureId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await EditDraftAsync("traits.nickname");

        var refused = await _rm1.PostAsJsonAsync(Route("publish-requests"), new { note = "nicknames" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("'Ada'", await ProblemAsync(refused), StringComparison.Ordinal);
        Assert.Empty((await _rm1.GetFromJsonAsync<JsonElement>(Route("publish-requests"))).EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await _rm1.PostAsync(Route($"fixtures/{fixtureId}/accept"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _rm1.PostAsJsonAsync(Route("shadow"), new { days = 1 })).StatusCode);
        var id = await RequestAsync(_rm1, "nicknames");

        var detail = await _rm2.GetFromJsonAsync<JsonElement>(Route($"publish-requests/{id}"));
        var fixtures = detail.GetProperty("fixtures");
        Assert.Equal((1, 1), (fixtures.GetProperty("total").GetInt32(), fixtures.GetProperty("passed").GetInt32()));
        Assert.Equal("Ada", fixtures.GetProperty("fixtures")[0].GetProperty("name").GetString());
        var shadow = detail.GetProperty("shadowRun");
        Assert.True(shadow.GetProperty("isActive").GetBoolean());
        Assert.Equal(1, shadow.GetProperty("liveVersion").GetInt32());
        Assert.Equal(0, shadow.GetProperty("compared").GetInt64());
    }

    [Fact]
    public async Task Request_AfterTheShadowRunOfAnEarlierRevision_CarriesNoShadowRun()
    {
        await EditDraftAsync("traits.nickname");
        Assert.Equal(HttpStatusCode.OK, (await _rm1.PostAsJsonAsync(Route("shadow"), new { days = 1 })).StatusCode);
        await EditDraftAsync("traits.name");

        var id = await RequestAsync(_rm1);

        var detail = await _rm2.GetFromJsonAsync<JsonElement>(Route($"publish-requests/{id}"));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("shadowRun").ValueKind);
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("fixtures").ValueKind);
    }

    [Fact]
    public async Task OtherCustomersRequests_AreNotFound_AndAnUnknownRequestIsJson404()
    {
        var other = await _factory.CreateCustomerAsync("Globex");
        var id = await RequestAsync(_rm1);
        var otherRoute = $"/api/v1/customers/{other.Id}/configuration/publish-requests";

        var list = await _rm1.GetAsync(otherRoute);
        var request = await _rm1.PostAsJsonAsync(otherRoute, new { });
        var unknown = await _rm1.GetAsync(Route("publish-requests/999999"));
        var wrongCustomer = await _admin.PostAsJsonAsync($"{otherRoute}/{id}/approve", new { });

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, request.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, wrongCustomer.StatusCode);
        Assert.Equal("pending", (await RequestOfAsync(id)).GetProperty("status").GetString());
    }
}
