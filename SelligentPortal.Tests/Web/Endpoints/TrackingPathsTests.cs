using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// PRODUCT.md section 5: every path of the HTTP Tracking API, and the SDKs' short forms, which must
/// behave exactly as their long forms. The bodies carry no "type": the path alone must set it.
/// </summary>
public class TrackingPathsTests(IngestionScenarioFixture fixture) : IClassFixture<IngestionScenarioFixture>
{
    private IngestionScenario Scenario => fixture.Scenario;

    public static TheoryData<string, string, string, EventStatus> SingleEventPaths() => new()
    {
        // path, its long form (the call type it sets), a body without a type, the outcome with the seed configuration
        { "/v1/identify", "identify", """{"userId":"u-{0}","traits":{"email":"u-{0}@example.com"}}""", EventStatus.Applied },
        { "/v1/i", "identify", """{"userId":"u-{0}","traits":{"email":"u-{0}@example.com"}}""", EventStatus.Applied },
        { "/v1/track", "track", """{"userId":"u-{0}","event":"Order Completed"}""", EventStatus.Applied },
        { "/v1/t", "track", """{"userId":"u-{0}","event":"Order Completed"}""", EventStatus.Applied },
        { "/v1/page", "page", """{"userId":"u-{0}","name":"Home"}""", EventStatus.Skipped },
        { "/v1/p", "page", """{"userId":"u-{0}","name":"Home"}""", EventStatus.Skipped },
        { "/v1/screen", "screen", """{"userId":"u-{0}","name":"Home"}""", EventStatus.Skipped },
        { "/v1/s", "screen", """{"userId":"u-{0}","name":"Home"}""", EventStatus.Skipped },
        { "/v1/group", "group", """{"userId":"u-{0}","groupId":"g-1"}""", EventStatus.Skipped },
        { "/v1/g", "group", """{"userId":"u-{0}","groupId":"g-1"}""", EventStatus.Skipped },
        { "/v1/alias", "alias", """{"userId":"u-{0}","previousId":"anon-1"}""", EventStatus.Skipped },
        { "/v1/a", "alias", """{"userId":"u-{0}","previousId":"anon-1"}""", EventStatus.Skipped },
    };

    [Theory]
    [MemberData(nameof(SingleEventPaths))]
    public async Task SingleEventPath_EventWithoutType_IsStoredAsItsCallType(string path, string type, string template, EventStatus expected)
    {
        var messageId = "m" + path.Replace('/', '-');
        var body = template.Replace("{0}", messageId, StringComparison.Ordinal).Insert(1, $"\"messageId\":\"{messageId}\",");

        var response = await Scenario.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(expected == EventStatus.Applied ? 1 : 0, answer.GetProperty("applied").GetInt32());
        Assert.Equal(expected == EventStatus.Skipped ? 1 : 0, answer.GetProperty("skipped").GetInt32());
        var stored = Assert.Single(await Scenario.EventsAsync(), e => e.MessageId == messageId);
        Assert.Equal(type, stored.Type);
        Assert.Equal(expected, stored.Status);
    }

    [Theory]
    [InlineData("/v1/batch")]
    [InlineData("/v1/b")]
    [InlineData("/v1/import")]
    public async Task BatchPath_EnvelopeOrBareArray_StoresEveryItemWithItsOwnType(string path)
    {
        var prefix = path.Replace('/', '-');
        string Items(string round) => string.Join(",",
            JsonSerializer.Serialize(new { type = "identify", messageId = $"{prefix}-{round}-i", userId = "u" + prefix, traits = new { email = "b@example.com" } }),
            JsonSerializer.Serialize(new { type = "track", messageId = $"{prefix}-{round}-t", userId = "u" + prefix, @event = "Order Completed" }),
            JsonSerializer.Serialize(new { type = "page", messageId = $"{prefix}-{round}-p", userId = "u" + prefix }));

        var envelope = await Scenario.PostAsync(path, "{\"batch\":[" + Items("envelope") + "]}");
        var bare = await Scenario.PostAsync(path, "[" + Items("bare") + "]");

        foreach (var response in new[] { envelope, bare })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(answer.GetProperty("success").GetBoolean());
            Assert.Equal(3, answer.GetProperty("accepted").GetInt32());
            Assert.Equal(2, answer.GetProperty("applied").GetInt32());
            Assert.Equal(1, answer.GetProperty("skipped").GetInt32());
        }

        var stored = (await Scenario.EventsAsync()).Where(e => e.MessageId.StartsWith(prefix + "-", StringComparison.Ordinal))
            .ToDictionary(e => e.MessageId, e => (e.Type, e.Status));
        foreach (var round in new[] { "envelope", "bare" })
        {
            Assert.Equal(("identify", EventStatus.Applied), stored[$"{prefix}-{round}-i"]);
            Assert.Equal(("track", EventStatus.Applied), stored[$"{prefix}-{round}-t"]);
            Assert.Equal(("page", EventStatus.Skipped), stored[$"{prefix}-{round}-p"]);
        }

        Assert.Equal(6, stored.Count);
    }
}
