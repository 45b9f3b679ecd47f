using System.Net;
using static SelligentPortal.Tests.Web.Pages.PortalPagesFixture;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>The sources page as the server first renders it, per role (who may open it: <see cref="PageAccessTests"/>).</summary>
[Collection(nameof(PortalPages))]
public class SourcesPageRenderTests(PortalPagesFixture fixture)
{
    private static readonly string[] EditorControls =
        ["new-source", "source-active", "rate-limit-input", "signing-generate", "signing-remove", "generate-key", "revoke-key"];

    [Fact]
    public async Task SourcesPage_Customer_ShowsPrefixesReadOnly()
    {
        using var client = fixture.ClientFor(Customer);

        var response = await client.GetAsync($"/customers/{fixture.Acme}/sources");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"read-only\"", html);
        Assert.Contains("Segment production", html);
        Assert.Contains($"{fixture.KeyPrefix}…", html);
        Assert.Contains("Required: every request must carry X-Signature", html);
        foreach (var control in EditorControls)
        {
            Assert.DoesNotContain($"data-testid=\"{control}\"", html);
        }
    }

    [Fact]
    public async Task SourcesPage_RelationshipManager_ShowsEditorControls()
    {
        using var client = fixture.ClientFor(Manager);

        var response = await client.GetAsync($"/customers/{fixture.Acme}/sources");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"new-source\"", html);
        Assert.Contains("data-testid=\"generate-key\"", html);
        Assert.Contains("data-testid=\"revoke-key\"", html);
        Assert.Contains("Several keys can be active at once", html);
        Assert.DoesNotContain("data-testid=\"read-only\"", html);
    }

    [Fact]
    public async Task CustomerOverviewPage_Customer_LinksToSources()
    {
        using var client = fixture.ClientFor(Customer);

        var html = await client.GetStringAsync($"/customers/{fixture.Acme}");

        Assert.Contains("data-testid=\"open-sources\"", html);
        Assert.Contains($"customers/{fixture.Acme}/sources", html);
    }
}
