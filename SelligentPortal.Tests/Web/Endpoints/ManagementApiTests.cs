using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

public class ManagementApiTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private PortalUser _admin = default!;
    private string _token = "";

    public async ValueTask InitializeAsync()
    {
        _admin = await _factory.CreateAdminAsync();
        _token = await _factory.CreateApiTokenAsync(_admin);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private HttpClient Client(string? token)
    {
        var client = _factory.CreatePortalClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Theory]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/api/nothing/here")]
    public async Task UnknownApiPath_AnyCaller_IsJsonNotFoundNotHtml(string path)
    {
        var response = await Client(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("spat_not-a-real-token")]
    public async Task Customers_WithoutValidToken_IsJson401(string? token)
    {
        var response = await Client(token).GetAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("personal access token", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Customers_SignInCookieWithoutToken_IsNotAccepted()
    {
        var client = await _factory.SignedInClientAsync("admin@example.com");

        var response = await client.GetAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Customers_RevokedToken_Is401()
    {
        var tokens = _factory.Services.GetRequiredService<ApiTokenService>();
        var caller = await _factory.CallerOfAsync(_admin);
        var token = (await tokens.ListAsync(caller)).Single();
        await tokens.RevokeAsync(caller, token.Id);

        var response = await Client(_token).GetAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Customers_DisabledUsersToken_Is401()
    {
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var rmToken = await _factory.CreateApiTokenAsync(rm);
        await _factory.WithScopeAsync(async s =>
            await s.GetRequiredService<UserAdministration>().SetDisabledAsync(await _factory.CallerOfAsync(_admin), rm.Id, true));

        var response = await Client(rmToken).GetAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_AreStoredOnlyAsHashes()
    {
        var stored = await _factory.WithScopeAsync(s =>
            Task.FromResult(s.GetRequiredService<PortalDbFactory>().CreateUnrestricted().PersonalAccessTokens.Single()));

        Assert.Equal(TokenSecrets.Hash(_token), stored.SecretHash);
        Assert.DoesNotContain(_token, stored.SecretHash + stored.Prefix + stored.Name);
        Assert.StartsWith(stored.Prefix, _token);
    }

    [Fact]
    public async Task CreateCustomer_ValidName_Is201WithBody()
    {
        var response = await Client(_token).PostAsJsonAsync("/api/v1/customers", new { name = "  Acme  " });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetGuid();

        var fetched = await Client(_token).GetAsync($"/api/v1/customers/{id}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Acme", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("Active", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\": \"\"}", "A customer needs a name.")]
    [InlineData("{}", "A customer needs a name.")]
    public async Task CreateCustomer_NoName_Is400WithProblems(string json, string problem)
    {
        var response = await Client(_token).PostAsync("/api/v1/customers", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateCustomer_MalformedJson_Is400ProblemNotServerError()
    {
        var response = await Client(_token).PostAsync("/api/v1/customers", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));

        await AssertUnreadableRequestProblemAsync(response);
    }

    [Fact]
    public async Task UnreadableQueryValue_Is400Problem()
    {
        var created = await Client(_token).PostAsJsonAsync("/api/v1/customers", new { name = "Acme" });
        using var customer = JsonDocument.Parse(await created.Content.ReadAsStringAsync());

        var response = await Client(_token).GetAsync($"/api/v1/customers/{customer.RootElement.GetProperty("id").GetGuid()}/records/ids?limit=abc");

        await AssertUnreadableRequestProblemAsync(response);
    }

    private static async Task AssertUnreadableRequestProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, body.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("could not be read", body.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task KnownPathWithAnotherMethod_Is405ListingTheMethods()
    {
        var response = await Client(_token).DeleteAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order());
    }

    [Theory]
    [InlineData("GET", "/api/v1/customers/not-a-guid")]
    [InlineData("DELETE", "/api/v1/customers/not-a-guid")]
    [InlineData("GET", "/api/v1/customers/00000000-0000-0000-0000-000000000001/events/abc")]
    public async Task PathWhoseValueFailsItsType_Is404NotA405(string method, string path)
    {
        var response = await Client(_token).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Times_AreUtcWithTheirZone()
    {
        var created = await Client(_token).PostAsJsonAsync("/api/v1/customers", new { name = "Acme" });
        using var customer = JsonDocument.Parse(await created.Content.ReadAsStringAsync());

        // Read back from the database, which keeps times without a zone.
        var fetched = await Client(_token).GetAsync($"/api/v1/customers/{customer.RootElement.GetProperty("id").GetGuid()}");
        using var body = JsonDocument.Parse(await fetched.Content.ReadAsStringAsync());

        var createdAt = body.RootElement.GetProperty("createdAt").GetString()!;
        Assert.EndsWith("Z", createdAt);
        var instant = DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(instant, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task GetCustomer_Unknown_IsJson404()
    {
        var response = await Client(_token).GetAsync($"/api/v1/customers/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        var response = await Client(null).GetAsync("/openapi/v1.json");

        var document = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/customers", document);
        Assert.Contains("/api/v1/customers/{customerId}/configuration/preview", document);
    }

    [Fact]
    public async Task OpenApiBrowser_IsServedWithoutInternet()
    {
        var page = await Client(null).GetAsync("/api/docs/index.html");
        var script = await Client(null).GetAsync("/api/docs/swagger-ui-bundle.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
