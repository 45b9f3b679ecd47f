using System.Net;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

/// <summary>Every page against every role, as the server answers the first request for it.</summary>
public class PageAccessTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private Guid _customerId;

    public async ValueTask InitializeAsync()
    {
        await _factory.CreateAdminAsync();
        _customerId = (await _factory.CreateCustomerAsync("Acme")).Id;
        await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _customerId);
        await _factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, _customerId);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    public static TheoryData<string, string, string> Matrix() => new()
    {
        // page, who, expected: "ok", "login" (sent to sign in) or "denied"
        { "/", "anonymous", "login" },
        { "/customers", "anonymous", "login" },
        { "/admin/users", "anonymous", "login" },
        { "/audit", "anonymous", "login" },
        { "/profile/api-tokens", "anonymous", "login" },
        { "/Account/Manage/ChangePassword", "anonymous", "login" },
        { "/", "customer@example.com", "ok" },
        { "/customers", "customer@example.com", "denied" },
        { "/admin/users", "customer@example.com", "denied" },
        { "/audit", "customer@example.com", "denied" },
        { "/profile/api-tokens", "customer@example.com", "ok" },
        { "/Account/Manage/ChangePassword", "customer@example.com", "ok" },
        { "/", "rm@example.com", "ok" },
        { "/customers", "rm@example.com", "ok" },
        { "/admin/users", "rm@example.com", "denied" },
        { "/audit", "rm@example.com", "ok" },
        { "/", "admin@example.com", "ok" },
        { "/customers", "admin@example.com", "ok" },
        { "/admin/users", "admin@example.com", "ok" },
        { "/audit", "admin@example.com", "ok" },
        { "/profile/api-tokens", "admin@example.com", "ok" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Page_ByRole_AnswersAsExpected(string page, string who, string expected)
    {
        var client = who == "anonymous" ? _factory.CreatePortalClient() : await _factory.SignedInClientAsync(who);

        var response = await client.GetAsync(page);

        switch (expected)
        {
            case "ok":
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case "login":
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/Account/Login", response.LocationPath());
                break;
            default:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/Account/AccessDenied", response.LocationPath());
                break;
        }
    }

    [Fact]
    public async Task UnknownPage_SignedIn_IsHtmlNotFound()
    {
        var client = await _factory.SignedInClientAsync("admin@example.com");

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("There is nothing here", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/customer", "")]
    [InlineData("/customer/records", "/records")]
    [InlineData("/customer/events", "/events")]
    [InlineData("/customer/failures", "/failures")]
    public async Task MyCustomerShortcut_CustomerUser_GoesToTheirOwnCustomer(string page, string section)
    {
        var client = await _factory.SignedInClientAsync("customer@example.com");

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/customers/{_customerId}{section}", response.LocationPath());
    }

    [Fact]
    public async Task MyCustomerShortcut_UnknownSection_NotFound()
    {
        var client = await _factory.SignedInClientAsync("customer@example.com");

        var response = await client.GetAsync("/customer/configuration%2F..%2Fsecrets");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
