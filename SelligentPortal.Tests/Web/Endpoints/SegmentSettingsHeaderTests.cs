using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// PRODUCT.md section 5: on <c>/segment</c> the key comes as Basic auth, and "other settings may arrive in
/// X-Segment-Settings" (Segment sends the destination's settings there, base64 JSON). The app has no
/// per-destination settings to honour, so the header is accepted whatever it holds and changes nothing:
/// it never authenticates (the settings are not the key) and is never stored (it may carry secrets).
/// </summary>
public class SegmentSettingsHeaderTests(IngestionScenarioFixture fixture) : IClassFixture<IngestionScenarioFixture>
{
    private IngestionScenario Scenario => fixture.Scenario;

    private static string Identify(string messageId) =>
        JsonSerializer.Serialize(new { type = "identify", messageId, userId = "u-" + messageId, traits = new { email = "s@example.com" } });

    private static string Settings(object settings) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(settings));

    private Task<HttpResponseMessage> PostAsync(string messageId, string settings, string? basicKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/segment") { Content = new StringContent(Identify(messageId), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Segment-Settings", settings);
        if (basicKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basicKey + ":")));
        }

        return Scenario.Client.SendAsync(request);
    }

    public static TheoryData<string, string> HeaderValues() => new()
    {
        { "settings", Settings(new { apiKey = "spk_not-the-write-key-0123456789", region = "eu", endpoint = "https://example.com" }) },
        { "not-base64", "{not base64 at all}" },
        { "not-json", Convert.ToBase64String(Encoding.UTF8.GetBytes("<xml/>")) },
        { "empty", "" },
    };

    [Theory]
    [MemberData(nameof(HeaderValues))]
    public async Task Segment_SettingsHeaderBesideBasicAuth_Is200AndStoredWithoutIt(string name, string settings)
    {
        var response = await PostAsync("settings-" + name, settings, Scenario.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        var stored = Assert.Single(await Scenario.EventsAsync(), e => e.MessageId == "settings-" + name);
        Assert.Equal(Scenario.CustomerId, stored.CustomerId);
        Assert.DoesNotContain("not-the-write-key", stored.RawPayload);
        Assert.Contains(await Scenario.IdsRecordsAsync(), r => r.PrimaryKey == "u-settings-" + name);
    }

    [Fact]
    public async Task Segment_WriteKeyOnlyInTheSettingsHeader_Is401()
    {
        var settings = Settings(new { apiKey = Scenario.WriteKey, writeKey = Scenario.WriteKey });

        var response = await PostAsync("settings-only", settings, basicKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains("write key is required", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Scenario.EventsAsync(), e => e.MessageId == "settings-only");
    }

    [Fact]
    public async Task Segment_SettingsHeaderNamingAnotherCustomersKey_TheBasicAuthKeyDecides()
    {
        var (globex, globexKey) = await Scenario.AddCustomerAsync("Globex " + Guid.NewGuid().ToString("N"));

        var response = await PostAsync("settings-other-key", Settings(new { apiKey = globexKey }), Scenario.WriteKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await Scenario.EventsAsync(), e => e.MessageId == "settings-other-key");
        Assert.Equal(Scenario.CustomerId, stored.CustomerId);
        Assert.NotEqual(globex, stored.CustomerId);
    }
}
