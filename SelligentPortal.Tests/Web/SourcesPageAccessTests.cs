using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Sources;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

/// <summary>The sources page as the server first renders it, per role.</summary>
public class SourcesPageAccessTests : IAsyncLifetime
{
    private static readonly string[] EditorControls =
        ["new-source", "source-active", "rate-limit-input", "signing-generate", "signing-remove", "generate-key", "revoke-key"];

    private readonly PortalFactory _factory = new();
    private Guid _acme;
    private Guid _globex;
    private string _prefix = "";

    public async ValueTask InitializeAsync()
    {
        await _factory.CreateAdminAsync();
        _acme = (await _factory.CreateCustomerAsync("Acme")).Id;
        _globex = (await _factory.CreateCustomerAsync("Globex Secret Corp")).Id;
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _acme);
        await _factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, _acme);
        var caller = await _factory.CallerOfAsync(rm);
        var sources = _factory.Services.GetRequiredService<SourceService>();
        var source = (await sources.CreateAsync(caller, _acme, "Segment production")).Value!;
        Assert.True((await sources.SetSigningSecretAsync(caller, _acme, source.Id, remove: false)).IsOk);
        var key = await sources.CreateKeyAsync(caller, _acme, source.Id);
        _prefix = key.Value.Key.Prefix;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task SourcesPage_Customer_ShowsPrefixesReadOnly()
    {
        var client = await _factory.SignedInClientAsync("customer@example.com");

        var response = await client.GetAsync($"/customers/{_acme}/sources");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"read-only\"", html);
        Assert.Contains("Segment production", html);
        Assert.Contains($"{_prefix}…", html);
        Assert.Contains("Required: every request must carry X-Signature", html);
        foreach (var control in EditorControls)
        {
            Assert.DoesNotContain($"data-testid=\"{control}\"", html);
        }
    }

    [Fact]
    public async Task SourcesPage_RelationshipManager_ShowsEditorControls()
    {
        var client = await _factory.SignedInClientAsync("rm@example.com");

        var response = await client.GetAsync($"/customers/{_acme}/sources");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"new-source\"", html);
        Assert.Contains("data-testid=\"generate-key\"", html);
        Assert.Contains("data-testid=\"revoke-key\"", html);
        Assert.Contains("Several keys can be active at once", html);
        Assert.DoesNotContain("data-testid=\"read-only\"", html);
    }

    [Theory]
    [InlineData("customer@example.com")]
    [InlineData("rm@example.com")]
    public async Task SourcesPage_OtherCustomer_IsNotFoundWithoutItsName(string who)
    {
        var client = await _factory.SignedInClientAsync(who);

        var response = await client.GetAsync($"/customers/{_globex}/sources");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Globex", html);
        Assert.DoesNotContain("data-testid=\"sources-title\"", html);
    }

    [Fact]
    public async Task CustomerOverviewPage_Customer_LinksToSources()
    {
        var client = await _factory.SignedInClientAsync("customer@example.com");

        var html = await client.GetStringAsync($"/customers/{_acme}");

        Assert.Contains("data-testid=\"open-sources\"", html);
        Assert.Contains($"customers/{_acme}/sources", html);
    }
}
