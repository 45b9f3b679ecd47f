using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SelligentPortal.Endpoints;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// The ingestion branch answers its own paths, methods and unknown paths, in the ingestion answer's
/// JSON and never with a redirect or the portal's HTML.
/// </summary>
public class IngestionPathTests(IngestionScenarioFixture fixture) : IClassFixture<IngestionScenarioFixture>
{
    public static TheoryData<string> EndpointPaths() => [.. IngestionEndpoints.Paths];

    [Theory]
    [MemberData(nameof(EndpointPaths))]
    public async Task EveryEndpoint_TakesPostInAnyCaseAndWithATrailingSlash(string path)
    {
        var client = fixture.Scenario.Factory.CreatePortalClient();

        foreach (var variant in new[] { path, path.ToUpperInvariant(), path + "/" })
        {
            // An unknown key in the header: the endpoint itself refuses it, so the path and method were taken.
            var request = new HttpRequestMessage(HttpMethod.Post, variant) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", "spk_unknown");
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("key", await MessageOf(response), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointPaths))]
    public async Task EveryEndpoint_OtherMethods_Are405AllowingPost(string path)
    {
        var client = fixture.Scenario.Factory.CreatePortalClient();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options })
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, path));

            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal(["POST"], response.Content.Headers.Allow);
            Assert.Contains($"takes POST, not {method.Method}", await MessageOf(response));
        }
    }

    [Theory]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    [InlineData("/v1/nope")]
    [InlineData("/v1/track/extra")]
    [InlineData("/v1/api/v1/customers")]
    [InlineData("/segment/x")]
    public async Task UnknownPathBelowIngestion_Is404Json_ForAnyMethod(string path)
    {
        var client = fixture.Scenario.Factory.CreatePortalClient();

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get })
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("No ingestion endpoint answers", await MessageOf(response));
        }
    }

    [Fact]
    public async Task PathThatOnlyStartsLikeIngestion_IsThePortals()
    {
        var client = await fixture.Scenario.Factory.SignedInClientAsync("admin@example.com");

        var response = await client.GetAsync("/v1track");

        // The portal's own not-found page: the branch takes whole segments only.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> MessageOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        return body.GetProperty("message").GetString()!;
    }
}
