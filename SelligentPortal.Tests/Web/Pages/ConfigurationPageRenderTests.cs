using System.Net;
using static SelligentPortal.Tests.Web.Pages.PortalPagesFixture;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>The configuration page as the server first renders it, per role (who may open it: <see cref="PageAccessTests"/>).</summary>
[Collection(nameof(PortalPages))]
public class ConfigurationPageRenderTests(PortalPagesFixture fixture)
{
    private static readonly string[] EditorControls = ["save-draft", "publish", "add-field", "field-remove", "add-extension", "import", "add-mapping", "use-path"];

    [Fact]
    public async Task ConfigurationPage_Customer_ShowsPublishedSchemaReadOnly()
    {
        using var client = fixture.ClientFor(Customer);

        var response = await client.GetAsync($"/customers/{fixture.Acme}/configuration");
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
        using var client = fixture.ClientFor(Manager);

        var response = await client.GetAsync($"/customers/{fixture.Acme}/configuration");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"save-draft\"", html);
        Assert.Contains("data-testid=\"add-field\"", html);
        Assert.Contains("Draft revision 1", html);
    }
}
