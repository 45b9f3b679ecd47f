using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>Another customer's data is invisible from the outside, through pages and the API.</summary>
public class TenantIsolationTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private Guid _acme;
    private Guid _globex;

    public async ValueTask InitializeAsync()
    {
        await _factory.CreateAdminAsync();
        _acme = (await _factory.CreateCustomerAsync("Acme Corp")).Id;
        _globex = (await _factory.CreateCustomerAsync("Globex Secret Corp")).Id;
        await _factory.CreateUserAsync("acme-user@example.com", PortalRoles.Customer, _acme);
        await _factory.CreateUserAsync("acme-rm@example.com", PortalRoles.RelationshipManager, null, _acme);
        await _factory.CreateUserAsync("idle-rm@example.com", PortalRoles.RelationshipManager);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData("acme-user@example.com")]
    [InlineData("acme-rm@example.com")]
    public async Task CustomerPage_OwnCustomer_IsShown(string who)
    {
        var client = await _factory.SignedInClientAsync(who);

        var response = await client.GetAsync($"/customers/{_acme}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Acme Corp", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CustomerList_UnassignedManager_SeesNoCustomer()
    {
        var client = await _factory.SignedInClientAsync("idle-rm@example.com");

        var body = await (await client.GetAsync("/customers")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("Acme", body);
        Assert.DoesNotContain("Globex", body);
    }

    [Fact]
    public async Task Api_CustomerToken_ListsOnlyOwnCustomer()
    {
        var client = await ApiClientAsync("acme-user@example.com");

        var customers = await client.GetFromJsonAsync<List<CustomerDto>>("/api/v1/customers");

        Assert.Equal([_acme], customers!.Select(c => c.Id));
    }

    [Theory]
    [InlineData("acme-user@example.com")]
    [InlineData("acme-rm@example.com")]
    [InlineData("idle-rm@example.com")]
    public async Task Api_OtherCustomer_IsJsonNotFoundWithoutItsData(string who)
    {
        var client = await ApiClientAsync(who);

        var response = await client.GetAsync($"/api/v1/customers/{_globex}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Globex", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_CustomerToken_CannotCreateCustomers()
    {
        var client = await ApiClientAsync("acme-user@example.com");

        var response = await client.PostAsJsonAsync("/api/v1/customers", new { name = "Sneaky" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Only Admins and Relationship Managers", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_ManagerCreatesCustomer_IsAssignedAndSeesIt()
    {
        var client = await ApiClientAsync("idle-rm@example.com");

        var created = await client.PostAsJsonAsync("/api/v1/customers", new { name = "Initech" });
        var dto = await created.Content.ReadFromJsonAsync<CustomerDto>();
        var list = await client.GetFromJsonAsync<List<CustomerDto>>("/api/v1/customers");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/customers/{dto!.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(["Initech"], list!.Select(c => c.Name));
    }

    private async Task<HttpClient> ApiClientAsync(string email)
    {
        var user = await _factory.FindUserAsync(email);
        var client = _factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _factory.CreateApiTokenAsync(user));
        return client;
    }

    private sealed record CustomerDto(Guid Id, string Name);
}
