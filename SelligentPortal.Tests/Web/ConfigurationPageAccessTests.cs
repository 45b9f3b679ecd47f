using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

/// <summary>The configuration page as the server first renders it, per role.</summary>
public class ConfigurationPageAccessTests : IAsyncLifetime
{
    private static readonly string[] EditorControls = ["save-draft", "publish", "add-field", "field-remove", "add-extension", "import", "add-mapping", "use-path"];

    private readonly PortalFactory _factory = new();
    private Guid _acme;
    private Guid _globex;

    public async ValueTask InitializeAsync()
    {
        await _factory.CreateAdminAsync();
        _acme = (await _factory.CreateCustomerAsync("Acme")).Id;
        _globex = (await _factory.CreateCustomerAsync("Globex Secret Corp")).Id;
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _acme);
        await _factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, _acme);
        var caller = await _factory.CallerOfAsync(rm);
        var published = await _factory.WithScopeAsync(services => services.GetRequiredService<ConfigurationService>().PublishAsync(caller, _acme, "first"));
        Assert.True(published.IsOk);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task ConfigurationPage_Customer_ShowsPublishedSchemaReadOnly()
    {
        var client = await _factory.SignedInClientAsync("customer@example.com");

        var response = await client.GetAsync($"/customers/{_acme}/configuration");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"read-only\"", html);
        Assert.Contains("Published version 1", html);
        Assert.Contains("customer_id", html);
        Assert.Contains("email_address", html);
        foreach (var control in EditorControls)
        {
            Assert.DoesNotContain($"data-testid=\"{control}\"", html);
        }
    }

    [Fact]
    public async Task ConfigurationPage_RelationshipManager_ShowsEditor()
    {
        var client = await _factory.SignedInClientAsync("rm@example.com");

        var response = await client.GetAsync($"/customers/{_acme}/configuration");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"save-draft\"", html);
        Assert.Contains("data-testid=\"add-field\"", html);
        Assert.Contains("Draft revision 1", html);
    }

    [Theory]
    [InlineData("customer@example.com")]
    [InlineData("rm@example.com")]
    public async Task ConfigurationPage_OtherCustomer_IsNotFoundWithoutItsName(string who)
    {
        var client = await _factory.SignedInClientAsync(who);

        var response = await client.GetAsync($"/customers/{_globex}/configuration");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Globex", html);
        Assert.DoesNotContain("data-testid=\"configuration-title\"", html);
    }
}
