using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// PRODUCT.md section 5's size limits, 32 KB an event and 500 KB a request, "and the same after gzip":
/// over them a request is a 400 with a JSON message and nothing of it is stored; just under them it is taken.
/// </summary>
public class IngestionSizeLimitTests(IngestionScenarioFixture fixture) : IClassFixture<IngestionScenarioFixture>
{
    private IngestionScenario Scenario => fixture.Scenario;

    /// <summary>A track event of about <paramref name="bytes"/> bytes (its padding alone is that long).</summary>
    private static string Track(string messageId, int bytes) =>
        JsonSerializer.Serialize(new { type = "track", messageId, userId = "u-size", @event = "Sized", properties = new { pad = new string('a', bytes) } });

    private static string Batch(string prefix, int items, int bytesEach) =>
        "{\"batch\":[" + string.Join(",", Enumerable.Range(0, items).Select(i => Track($"{prefix}-{i}", bytesEach))) + "]}";

    private static byte[] Gzip(string json)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return compressed.ToArray();
    }

    private Task<HttpResponseMessage> SendAsync(string path, HttpContent content, bool gzip = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Scenario.WriteKey);
        return Scenario.Client.SendAsync(request);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string message, string prefix)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains(message, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Scenario.EventsAsync(), e => e.MessageId.StartsWith(prefix, StringComparison.Ordinal));
    }

    private async Task AssertStoredAsync(HttpResponseMessage response, int events, string prefix)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(events, body.GetProperty("accepted").GetInt32());
        Assert.Equal(events, (await Scenario.EventsAsync()).Count(e => e.MessageId.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Batch_UncompressedOver500KB_Is400()
    {
        // 20 events of 26 KB: each under the event limit, together over the request limit.
        var json = Batch("plain-over", 20, 26 * 1024);
        Assert.True(Encoding.UTF8.GetByteCount(json) > 500 * 1024);

        var response = await SendAsync("/v1/batch", new StringContent(json, Encoding.UTF8));

        await AssertRefusedAsync(response, "500 KB", "plain-over");
    }

    [Fact]
    public async Task Batch_UncompressedOver500KBWithoutContentLength_Is400()
    {
        var response = await SendAsync("/v1/batch", new UnsizedContent(Encoding.UTF8.GetBytes(Batch("unsized-over", 20, 26 * 1024))));

        await AssertRefusedAsync(response, "500 KB", "unsized-over");
    }

    [Fact]
    public async Task Batch_UncompressedJustUnder500KB_IsStored()
    {
        var json = Batch("plain-under", 18, 27 * 1024);
        Assert.InRange(Encoding.UTF8.GetByteCount(json), 450 * 1024, 500 * 1024);

        var response = await SendAsync("/v1/batch", new StringContent(json, Encoding.UTF8));

        await AssertStoredAsync(response, 18, "plain-under");
    }

    [Fact]
    public async Task Track_GzippedEventOver32KBAfterGunzip_Is400()
    {
        var compressed = Gzip(Track("gzip-event-over", 33 * 1024));
        Assert.True(compressed.Length < 2 * 1024);

        var response = await SendAsync("/v1/track", new ByteArrayContent(compressed), gzip: true);

        await AssertRefusedAsync(response, "32 KB", "gzip-event-over");
    }

    [Fact]
    public async Task Batch_GzippedWithAnEventOver32KBAfterGunzip_Is400()
    {
        var json = "{\"batch\":[" + Track("gzip-item-small", 100) + "," + Track("gzip-item-over", 33 * 1024) + "]}";

        var response = await SendAsync("/v1/batch", new ByteArrayContent(Gzip(json)), gzip: true);

        await AssertRefusedAsync(response, "Event 1 of the batch is larger than 32 KB", "gzip-item");
    }

    [Fact]
    public async Task Track_GzippedEventJustUnder32KBAfterGunzip_IsStored()
    {
        var json = Track("gzip-event-under", 31 * 1024);
        Assert.InRange(Encoding.UTF8.GetByteCount(json), 31 * 1024, 32 * 1024);

        var response = await SendAsync("/v1/track", new ByteArrayContent(Gzip(json)), gzip: true);

        await AssertStoredAsync(response, 1, "gzip-event-under");
    }
}
