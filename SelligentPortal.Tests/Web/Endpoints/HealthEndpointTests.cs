using System.Net;
using System.Text.Json;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

public class HealthEndpointTests
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_FreshInstall_IsHealthyJsonWithoutRedirect(string path)
    {
        await using var factory = new PortalFactory();

        var response = await factory.CreatePortalClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ChecksTheDatabase()
    {
        await using var factory = new PortalFactory();

        var body = await factory.CreatePortalClient().GetStringAsync("/health/ready");

        Assert.Contains("\"database\"", body);
    }
}
