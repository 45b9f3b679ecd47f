using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Sources;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>One test per row of the status table of docs/product.md section 5: status, JSON body, and nothing stored when refused.</summary>
public class IngestionStatusTests : IAsyncLifetime
{
    private const string Identify = """{"type":"identify","messageId":"m-1","userId":"u-1","traits":{"email":"Ann@Example.com","firstName":"Ann"}}""";
    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync() => _scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private static async Task<JsonElement> BodyOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await BodyOf(response);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains(messagePart, body.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await _scenario.EventsAsync());
        Assert.Empty(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Identify_Committed_Is200WithCountsAndStored()
    {
        var response = await _scenario.PostAsync("/v1/identify", Identify);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyOf(response);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        var record = Assert.Single(await _scenario.IdsRecordsAsync());
        Assert.Equal("u-1", record.PrimaryKey);
        Assert.Equal("ann@example.com", record.Email);
        Assert.Equal(EventStatus.Applied, Assert.Single(await _scenario.EventsAsync()).Status);
    }

    [Theory]
    [InlineData("{\"type\":\"identify\",", "not valid JSON")]
    [InlineData("[1,2,3]", "not an event")]
    [InlineData("\"just a string\"", "not an event")]
    [InlineData("{\"type\":\"identify\",\"userId\":\"a\",\"userId\":\"b\"}", "not valid JSON")]
    [InlineData("{\"type\":\"identify\",\"userId\":\"a\\u0000b\"}", "NUL")]
    [InlineData("{\"type\":\"track\",\"userId\":\"a\\\\\\u0000b\"}", "NUL")] // an escaped backslash, then the NUL escape
    [InlineData("{\"type\":\"track\",\"userId\":\"u\",\"properties\":{\"first\\ud800\":\"x\"}}", "lone surrogate")]
    [InlineData("{\"userId\":\"u\",\"event\":\"E\\ud800\"}", "lone surrogate")] // no messageId: the event is rebuilt
    public async Task Track_BadBody_Is400AndStoresNothing(string body, string message)
    {
        var response = await _scenario.PostAsync("/v1/track", body);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Track_EscapedBackslashBeforeTheTextU0000_IsNoNulAndIsStored()
    {
        // The JSON text C:\\u0000dir is the string C:\u0000dir: a backslash, then the letters u0000.
        var response = await _scenario.PostAsync("/v1/track", "{\"messageId\":\"m-path\",\"userId\":\"u-1\",\"event\":\"E\",\"properties\":{\"path\":\"C:\\\\u0000dir\"}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _scenario.EventsAsync());
    }

    [Fact]
    public async Task Batch_ItemWithLoneSurrogateThatMustBeRebuilt_FailsAloneAndTheRestIsStored()
    {
        // The envelope applies to both items: the bad one fails alone.
        var response = await _scenario.PostAsync("/v1/batch",
            "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"bad\",\"userId\":\"u1\",\"traits\":{\"firstName\":\"A\\ud800\"}}," +
            "{\"type\":\"identify\",\"messageId\":\"good\",\"userId\":\"u2\"}],\"context\":{\"ip\":\"203.0.113.9\"}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyOf(response);
        Assert.Equal(1, body.GetProperty("failed").GetInt32());
        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        var failed = (await _scenario.EventsAsync()).Single(e => e.MessageId == "bad");
        Assert.Equal(EventStatus.Failed, failed.Status);
        Assert.Contains("lone surrogate", failed.Reason);
    }

    [Fact]
    public async Task Batch_ItemWithLoneSurrogateAndAWriteKey_IsStoredWithoutTheKey()
    {
        var response = await _scenario.PostAsync("/v1/batch",
            $"[{{\"writeKey\":\"{_scenario.WriteKey}\",\"type\":\"identify\",\"messageId\":\"bad\",\"userId\":\"u1\",\"traits\":{{\"firstName\":\"A\\ud800\"}}}}]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = Assert.Single(await _scenario.EventsAsync());
        Assert.Equal(EventStatus.Failed, failed.Status);
        Assert.DoesNotContain(_scenario.WriteKey, failed.RawPayload);
    }

    [Fact]
    public async Task Track_MalformedChunkedBody_Is400NotServerError()
    {
        await using var kestrel = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithKestrel());
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(kestrel.Factory.ServerAddress.Host, kestrel.Factory.ServerAddress.Port);
        var stream = tcp.GetStream();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(kestrel.WriteKey + ":"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/track HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic {auth}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));

        var answer = new byte[4096];
        var read = await stream.ReadAsync(answer);

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(answer, 0, read));
        Assert.Empty(await kestrel.EventsAsync());
    }

    [Fact]
    public async Task MissingMessageId_SameBodyAsIdentifyAndAsTrack_AreTwoEvents_ARetryIsADuplicate()
    {
        const string body = "{\"userId\":\"u-gen\",\"event\":\"Clicked\",\"traits\":{\"firstName\":\"G\"}}";

        var identify = await BodyOf(await _scenario.PostAsync("/v1/identify", body));
        var track = await BodyOf(await _scenario.PostAsync("/v1/track", body));
        var retry = await BodyOf(await _scenario.PostAsync("/v1/identify", body));

        Assert.Equal(0, identify.GetProperty("duplicate").GetInt32());
        Assert.Equal(0, track.GetProperty("duplicate").GetInt32());
        Assert.Equal(1, retry.GetProperty("duplicate").GetInt32());
        Assert.Equal(2, (await _scenario.EventsAsync()).Count);
    }

    [Fact]
    public async Task TooLongMessageId_SharedByTwoEvents_StillDedupes()
    {
        var id = new string('m', 210);
        var response = await _scenario.PostAsync("/v1/batch",
            $"{{\"batch\":[{{\"type\":\"identify\",\"messageId\":\"{id}\",\"userId\":\"u1\"}},{{\"type\":\"identify\",\"messageId\":\"{id}\",\"userId\":\"u2\"}}]}}");

        var body = await BodyOf(response);
        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicate").GetInt32());
    }

    [Fact]
    public async Task Identify_InvalidUtf8_Is400()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify")
        {
            Content = new ByteArrayContent([.. "{\"userId\":\""u8, 0xC3, 0x28, .. "\"}"u8]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);

        await AssertRefusedAsync(await _scenario.Client.SendAsync(request), HttpStatusCode.BadRequest, "JSON");
    }

    [Fact]
    public async Task Identify_DepthBomb_Is400()
    {
        var bomb = "{\"type\":\"identify\",\"traits\":" + string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) + "}";

        await AssertRefusedAsync(await _scenario.PostAsync("/v1/identify", bomb), HttpStatusCode.BadRequest, "JSON");
    }

    [Fact]
    public async Task Track_OverEventSizeLimit_Is400()
    {
        var big = $"{{\"type\":\"track\",\"event\":\"x\",\"properties\":{{\"blob\":\"{new string('a', 33 * 1024)}\"}}}}";

        await AssertRefusedAsync(await _scenario.PostAsync("/v1/track", big), HttpStatusCode.BadRequest, "32 KB");
    }

    [Fact]
    public async Task Batch_EventOverSizeLimitInUtf8Bytes_Is400()
    {
        // 12,000 euro signs: 12,000 characters, but 36,000 bytes on the wire, which is what the limit counts.
        var wide = $"{{\"batch\":[{{\"type\":\"track\",\"messageId\":\"m-wide\",\"event\":\"x\",\"userId\":\"u\",\"properties\":{{\"blob\":\"{new string('€', 12_000)}\"}}}}]}}";

        await AssertRefusedAsync(await _scenario.PostAsync("/v1/batch", wide), HttpStatusCode.BadRequest, "Event 0 of the batch is larger than 32 KB");
    }

    [Fact]
    public async Task Batch_OverEventCountLimit_Is400()
    {
        var batch = "{\"batch\":[" + string.Join(",", Enumerable.Repeat("{}", 2501)) + "]}";

        await AssertRefusedAsync(await _scenario.PostAsync("/v1/batch", batch), HttpStatusCode.BadRequest, "2500");
    }

    [Fact]
    public async Task Batch_GzipBombOverLimitAfterDecompression_Is400()
    {
        var huge = "{\"batch\":[{\"type\":\"track\",\"event\":\"x\",\"properties\":{\"p\":\"" + new string('a', 600 * 1024) + "\"}}]}";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(huge));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new ByteArrayContent(compressed.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);
        Assert.True(compressed.Length < 10 * 1024);

        await AssertRefusedAsync(await _scenario.Client.SendAsync(request), HttpStatusCode.BadRequest, "500 KB");
    }

    [Fact]
    public async Task Batch_Gzipped_IsAccepted()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionMode.Compress, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"batch\":[" + Identify + "]}"));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new ByteArrayContent(compressed.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);

        var response = await _scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Identify_NoKey_Is401()
    {
        var response = await _scenario.Client.PostAsync("/v1/identify", new StringContent(Identify, Encoding.UTF8, "application/json"));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "write key is required");
    }

    [Fact]
    public async Task Identify_UnknownKey_Is401()
    {
        await AssertRefusedAsync(await _scenario.PostAsync("/v1/identify", Identify, key: "spk_thisKeyDoesNotExist0000000000"), HttpStatusCode.Unauthorized, "Unknown or revoked write key");
    }

    [Fact]
    public async Task Identify_RevokedKey_Is401ExactlyLikeAnUnknownOne()
    {
        var unknown = await _scenario.PostAsync("/v1/identify", Identify, key: "spk_thisKeyDoesNotExist0000000000");
        await _scenario.Sources.RevokeKeyAsync(IngestionScenario.System, _scenario.CustomerId, _scenario.SourceId, _scenario.KeyId);

        var revoked = await _scenario.PostAsync("/v1/identify", Identify);

        await AssertRefusedAsync(revoked, HttpStatusCode.Unauthorized, "Unknown or revoked write key");
        // Nothing tells a key that once worked from one that never did.
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await revoked.Content.ReadAsStringAsync());
        Assert.Equal(unknown.Headers.Select(h => h.Key).Order(), revoked.Headers.Select(h => h.Key).Order());
    }

    [Fact]
    public async Task Identify_BadOrMissingSignature_Is401_GoodSignatureIs200()
    {
        var secret = (await _scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, _scenario.CustomerId, _scenario.SourceId, remove: false)).Value!;
        var unsigned = await _scenario.PostAsync("/v1/identify", Identify);
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new StringContent(Identify, Encoding.UTF8, "application/json") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);
        wrong.Headers.Add("X-Signature", new string('0', 40));

        await AssertRefusedAsync(unsigned, HttpStatusCode.Unauthorized, "X-Signature");
        await AssertRefusedAsync(await _scenario.Client.SendAsync(wrong), HttpStatusCode.Unauthorized, "X-Signature");

        var signed = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new StringContent(Identify, Encoding.UTF8, "application/json") };
        signed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);
        signed.Headers.Add("X-Signature", Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Identify))));
        Assert.Equal(HttpStatusCode.OK, (await _scenario.Client.SendAsync(signed)).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Gzipped_SignedOverTheBytesAsSentOrOverTheJson_Is200_SignedOverNeither_Is401(bool overCompressed)
    {
        var secret = Encoding.UTF8.GetBytes((await _scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, _scenario.CustomerId, _scenario.SourceId, remove: false)).Value!);
        var json = Encoding.UTF8.GetBytes(Identify);
        var compressed = Gzip(json);
        HttpRequestMessage Signed(string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new ByteArrayContent(compressed) };
            request.Content.Headers.ContentEncoding.Add("gzip");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);
            request.Headers.Add("X-Signature", signature);
            return request;
        }

        var wrong = await _scenario.Client.SendAsync(Signed(Convert.ToHexStringLower(HMACSHA1.HashData(secret, json.Append((byte)' ').ToArray()))));
        await AssertRefusedAsync(wrong, HttpStatusCode.Unauthorized, "X-Signature");

        var right = await _scenario.Client.SendAsync(Signed(Convert.ToHexStringLower(HMACSHA1.HashData(secret, overCompressed ? compressed : json))));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Single(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Identify_TwoContentEncodings_Is400()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new ByteArrayContent(Gzip(Encoding.UTF8.GetBytes(Identify))) };
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Content.Headers.ContentEncoding.Add("br");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);

        await AssertRefusedAsync(await _scenario.Client.SendAsync(request), HttpStatusCode.BadRequest, "not supported");
    }

    [Fact]
    public async Task Identify_XGzipEncoding_IsAcceptedAsGzip()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new ByteArrayContent(Gzip(Encoding.UTF8.GetBytes(Identify))) };
        request.Content.Headers.ContentEncoding.Add("x-gzip");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);

        Assert.Equal(HttpStatusCode.OK, (await _scenario.Client.SendAsync(request)).StatusCode);
    }

    private static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    [Fact]
    public async Task Identify_DisabledSource_Is403()
    {
        await _scenario.Sources.UpdateAsync(IngestionScenario.System, _scenario.CustomerId, _scenario.SourceId, new SourceChange(IsDisabled: true));

        await AssertRefusedAsync(await _scenario.PostAsync("/v1/identify", Identify), HttpStatusCode.Forbidden, "disabled");
    }

    [Fact]
    public async Task Batch_OverRateLimit_Is429WithRetryAfter()
    {
        // The limiter on a clock that stands still: the second batch always comes within the second.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithServices(services => services.AddSingleton(new SourceRateLimiter(clock))));
        await scenario.Sources.UpdateAsync(IngestionScenario.System, scenario.CustomerId, scenario.SourceId, new SourceChange(RateLimitPerSecond: 2));
        var first = await scenario.PostAsync("/v1/batch", "[" + Identify + "," + Identify.Replace("m-1", "m-2") + "]");

        var second = await scenario.PostAsync("/v1/batch", "[" + Identify.Replace("m-1", "m-3") + "]");
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await scenario.PostAsync("/v1/batch", "[" + Identify.Replace("m-1", "m-4") + "]");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        Assert.Contains("rate limit", (await BodyOf(second)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(["m-1", "m-2", "m-4"], (await scenario.EventsAsync()).Select(e => e.MessageId));
    }

    [Fact]
    public async Task Identify_ShuttingDown_Is503WithRetryAfter()
    {
        _scenario.Factory.Services.GetRequiredService<IngestionWriter>().Close();

        var response = await _scenario.PostAsync("/v1/identify", Identify);

        await AssertRefusedAsync(response, HttpStatusCode.ServiceUnavailable, "shutting down");
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
    }

    [Theory]
    [InlineData("page")]
    [InlineData("screen")]
    [InlineData("group")]
    [InlineData("alias")]
    public async Task Segment_UnsupportedCallType_Is501AndLoggedSkipped(string type)
    {
        var response = await _scenario.PostAsync("/segment", $"{{\"type\":\"{type}\",\"messageId\":\"p-1\",\"userId\":\"u-1\"}}");

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains(type, (await BodyOf(response)).GetProperty("message").GetString());
        Assert.Equal(EventStatus.Skipped, Assert.Single(await _scenario.EventsAsync()).Status);
    }

    [Fact]
    public async Task Segment_Identify_Is200()
    {
        var response = await _scenario.PostAsync("/segment", Identify);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _scenario.IdsRecordsAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("")]
    public async Task Identify_WriteKeyInBodyWithSdkContentTypes_Is200(string contentType)
    {
        var body = Identify.Replace("{\"type\"", $"{{\"writeKey\":\"{_scenario.WriteKey}\",\"type\"");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = contentType.Length == 0 ? null : new MediaTypeHeaderValue(contentType);

        var response = await _scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The key is a secret: the event log keeps the event without it.
        var stored = Assert.Single(await _scenario.EventsAsync());
        Assert.Equal("m-1", stored.MessageId);
        Assert.DoesNotContain(_scenario.WriteKey, stored.RawPayload);
        Assert.DoesNotContain("writeKey", stored.RawPayload);
    }

    [Fact]
    public async Task Ingestion_NeverRedirects_EvenBeforeSetupOrOverHttp()
    {
        await using var fresh = new PortalFactory();
        var client = fresh.CreatePortalClient();

        var response = await client.PostAsync("/v1/track", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
