using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// PRODUCT.md section 2 and 4: a published version is immutable. No API path changes a published
/// version's document; a restore publishes the old document again as a new version.
/// (ConfigurationApiTests covers the numbering and the restored document's content.)
/// </summary>
public class PublishedVersionTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private HttpClient _api = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _api = await _scenario.Factory.ApiClientAsync("admin@example.com");
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _scenario.DisposeAsync();
    }

    private string Route(string rest) => $"/api/v1/customers/{_scenario.CustomerId}/configuration/{rest}";

    /// <summary>Every published version's stored document and origin, as the database holds them.</summary>
    private async Task<Dictionary<int, (string Document, int? RestoredFrom)>> VersionsAsync()
    {
        await using var db = _scenario.Db();
        return await db.ConfigurationVersions.AsNoTracking().Where(v => v.CustomerId == _scenario.CustomerId)
            .ToDictionaryAsync(v => v.Number, v => (v.DocumentJson, v.RestoredFrom));
    }

    private async Task<string> DraftWithIdsNamedAsync(string name)
    {
        var draft = await _api.GetStringAsync(Route("draft"));
        var renamed = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(draft)!;
        renamed["internalDataSource"]!["name"] = name;
        return renamed.ToJsonString();
    }

    private async Task SendOkAsync(HttpMethod method, string route, string? json)
    {
        var request = new HttpRequestMessage(method, Route(route));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await _api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task EveryWritePath_LeavesPublishedDocumentsAsTheyWere_RestoreAddsAVersion()
    {
        await SendOkAsync(HttpMethod.Put, "draft", await DraftWithIdsNamedAsync("PEOPLE"));
        await SendOkAsync(HttpMethod.Post, "publish", "{\"note\":\"people\"}");
        var published = await VersionsAsync();

        await SendOkAsync(HttpMethod.Put, "draft", await DraftWithIdsNamedAsync("EDITED"));
        await SendOkAsync(HttpMethod.Post, "import", await DraftWithIdsNamedAsync("IMPORTED"));
        var restore = await _api.PostAsJsonAsync(Route("versions/1/restore"), new { note = "back", publish = true });
        var refused = new List<HttpStatusCode>();
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Post })
        {
            var request = new HttpRequestMessage(method, Route("versions/1"))
            {
                Content = new StringContent(await DraftWithIdsNamedAsync("HIJACKED"), Encoding.UTF8, "application/json"),
            };
            refused.Add((await _api.SendAsync(request)).StatusCode);
        }

        var after = await VersionsAsync();
        Assert.Equal([1, 2], published.Keys.Order());
        Assert.Contains("\"PEOPLE\"", published[2].Document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(3, (await restore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.All(refused, status => Assert.Equal(HttpStatusCode.MethodNotAllowed, status));
        Assert.Equal([1, 2, 3], after.Keys.Order());
        Assert.Equal(published[1], after[1]);
        Assert.Equal(published[2], after[2]);
        Assert.Equal((published[1].Document, (int?)1), after[3]);
        Assert.All(after.Values, v => Assert.DoesNotContain("HIJACKED", v.Document, StringComparison.Ordinal));
        var version1 = await _api.GetFromJsonAsync<JsonElement>(Route("versions/1"));
        Assert.Equal("CUSTOMERS", version1.GetProperty("document").GetProperty("internalDataSource").GetProperty("name").GetString());
    }

    [Fact]
    public void VersionRoutes_OnlyReadAndRestore()
    {
        var endpoints = _scenario.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("/configuration/versions", StringComparison.Ordinal) == true)
            .Select(e => (Pattern: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any)"]))
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(
            e.Methods.SequenceEqual(["GET"]) || (e.Methods.SequenceEqual(["POST"]) && e.Pattern.EndsWith("/restore", StringComparison.Ordinal)),
            $"{string.Join(",", e.Methods)} {e.Pattern} could change a published version."));
    }
}
