using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary><c>PUT /api/v1/customers/{id}/status</c>: Admins suspend and reactivate; ingestion follows at once.</summary>
public sealed class CustomerStatusApiTests : IAsyncLifetime
{
    private static string Identify(string messageId) => $"{{\"messageId\":\"{messageId}\",\"userId\":\"u1\",\"traits\":{{\"email\":\"a@example.com\"}}}}";

    private IngestionScenario _scenario = default!;
    private string _adminToken = "";

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _adminToken = await _scenario.Factory.CreateApiTokenAsync(await _scenario.Factory.CreateAdminAsync("ops@example.com"));
    }

    public async ValueTask DisposeAsync() => await _scenario.DisposeAsync();

    private Task<HttpResponseMessage> PutStatusAsync(string token, string json, Guid? customerId = null)
    {
        var client = _scenario.Factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.PutAsync($"/api/v1/customers/{customerId ?? _scenario.CustomerId}/status",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Suspend_RefusesTheCustomersKeysAtOnce_ReactivateAcceptsThemAgain()
    {
        // A first event puts the key in the authenticator's cache: suspension must not wait for it to expire.
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync("/v1/identify", Identify("first"))).StatusCode);

        var suspended = await PutStatusAsync(_adminToken, "{\"status\":\"suspended\"}");
        var refused = await _scenario.PostAsync("/v1/identify", Identify("while-suspended"));
        var reactivated = await PutStatusAsync(_adminToken, "{\"status\":\"active\"}");
        var accepted = await _scenario.PostAsync("/v1/identify", Identify("after"));

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        using (var body = JsonDocument.Parse(await suspended.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Suspended", body.RootElement.GetProperty("status").GetString());
        }

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("\"success\":false", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reactivated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(["first", "after"], (await _scenario.EventsAsync()).Select(e => e.MessageId)); // the refused event stored nothing

        await using var db = _scenario.Db();
        var actions = await db.AuditEntries.Where(a => a.Action.StartsWith("customer.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["customer.created", "customer.suspended", "customer.reactivated"], actions);
    }

    [Fact]
    public async Task RelationshipManager_OfTheCustomer_IsForbiddenAndNothingChanges()
    {
        var rm = await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _scenario.CustomerId);
        var rmToken = await _scenario.Factory.CreateApiTokenAsync(rm);

        var response = await PutStatusAsync(rmToken, "{\"status\":\"suspended\"}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync("/v1/identify", Identify("first"))).StatusCode);
    }

    [Fact]
    public async Task RelationshipManager_OfAnotherCustomer_SeesNoSuchCustomer()
    {
        var (other, _) = await _scenario.AddCustomerAsync("Globex");
        var rm = await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, other);
        var rmToken = await _scenario.Factory.CreateApiTokenAsync(rm);

        var response = await PutStatusAsync(rmToken, "{\"status\":\"suspended\"}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"status\":\"paused\"}")]
    [InlineData("{\"status\":7}")]
    public async Task UnknownStatus_Is400AndNothingChanges(string json)
    {
        var response = await PutStatusAsync(_adminToken, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync("/v1/identify", Identify("first"))).StatusCode);
    }
}
