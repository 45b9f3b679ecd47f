using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Endpoints;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>Endpoints for programs are told from pages for people by their metadata, not by a list of paths.</summary>
public class MachineEndpointTests
{
    [Fact]
    public async Task Endpoints_ApiHealthAndOpenApi_AreMarkedForMachinesAndNothingElseIs()
    {
        await using var factory = new PortalFactory();
        _ = factory.CreatePortalClient();

        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: e.RoutePattern.RawText ?? "", Marker: e.Metadata.GetMetadata<MachineEndpointMetadata>()))
            .ToList();

        Assert.All(endpoints.Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal)),
            e => Assert.Same(MachineEndpointMetadata.Api, e.Marker));
        Assert.All(endpoints.Where(e => e.Route.StartsWith("/health/", StringComparison.Ordinal) || e.Route.StartsWith("/openapi/", StringComparison.Ordinal)),
            e => Assert.Same(MachineEndpointMetadata.Probe, e.Marker));
        Assert.All(endpoints.Where(e => !e.Route.StartsWith("/api/", StringComparison.Ordinal)
                && !e.Route.StartsWith("/health/", StringComparison.Ordinal) && !e.Route.StartsWith("/openapi/", StringComparison.Ordinal)),
            e => Assert.Null(e.Marker));
        Assert.Contains(endpoints, e => e.Route == "/api/{**path}");
        Assert.Equal(2, endpoints.Count(e => e.Route.StartsWith("/health/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnknownHealthPath_FreshInstall_IsABare404NotTheSetupRedirectOrAPage()
    {
        await using var factory = new PortalFactory();

        // No route matches, so there is no metadata: the path belongs to the marked health routes' area.
        var response = await factory.CreatePortalClient().GetAsync("/health/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_AnotherMethod_IsABare405NotThePortalsPage()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();

        // Routing answers 405 with an endpoint of its own, which carries no metadata.
        var response = await factory.CreatePortalClient().PostAsync("/openapi/v1.json", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPagePath_AfterSetup_IsThePortalsNotFoundPage()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();

        var response = await factory.CreatePortalClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("There is nothing here", await response.Content.ReadAsStringAsync());
    }
}
