using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// Values the database engines would treat differently (SQLite stores nearly anything; PostgreSQL
/// refuses NUL, enforces column sizes and keeps microseconds): each gets one outcome, with one reason,
/// on both. The suite runs once per engine, so each test asserts that outcome on each of them.
/// </summary>
public class StoredValuesTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private HttpClient _api = default!;

    public ValueTask InitializeAsync() => StartAsync(factory: null);

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _scenario.DisposeAsync();
    }

    private async ValueTask StartAsync(PortalFactory? factory)
    {
        _scenario = await IngestionScenario.CreateAsync(factory: factory);
        _api = _scenario.Factory.CreatePortalClient();
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await _scenario.Factory.CreateApiTokenAsync(await _scenario.Factory.FindUserAsync("admin@example.com")));
    }

    /// <summary>Starts again on an app whose clock stands at <paramref name="now"/>.</summary>
    private async Task RestartAtAsync(DateTimeOffset now)
    {
        await DisposeAsync();
        await StartAsync(new PortalFactory().WithClock(new FakeTimeProvider(now)));
    }

    private string Route(string rest) => $"/api/v1/customers/{_scenario.CustomerId}/{rest}";

    private async Task<JsonElement> OkAsync(string path, object payload)
    {
        var response = await _scenario.PostAsync(path, JsonSerializer.Serialize(payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<IngestedEvent> EventAsync(string messageId) => (await _scenario.EventsAsync()).Single(e => e.MessageId == messageId);

    /// <summary>
    /// Publishes the seed with its keys and event type as long as text may be, read from <c>traits.key</c>
    /// and <c>properties.eventId</c>, or the IDS key from <paramref name="keyRule"/>.
    /// </summary>
    private async Task PublishLongKeysAsync(JsonObject? keyRule = null)
    {
        var document = JsonNode.Parse(ConfigurationDocumentSerializer.Serialize(SeedPreset.Create()))!;
        var ids = document["internalDataSource"]!;
        var events = document["interactionExtensions"]![0]!;
        foreach (var field in ids["fields"]!.AsArray().Concat(events["fields"]!.AsArray()))
        {
            if ((string?)field!["name"] is "customer_id" or "event_id" or "event_type")
            {
                field["maxLength"] = ConfigurationValidator.MaxTextLength;
            }
        }

        ids["mapping"]!["customer_id"] = keyRule ?? new JsonObject { ["from"] = "traits.key" };
        events["mapping"]!["event_id"] = new JsonObject { ["from"] = "properties.eventId" };
        var configurations = _scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var saved = await configurations.SaveDraftAsync(IngestionScenario.System, _scenario.CustomerId, document.ToJsonString(), null);
        Assert.True(saved.IsOk, string.Join(" ", saved.Problems));
        Assert.True((await configurations.PublishAsync(IngestionScenario.System, _scenario.CustomerId, "long keys")).IsOk);
    }

    [Fact]
    public async Task Identify_NulInText_Is400AndStoresNothing()
    {
        var response = await _scenario.PostAsync("/v1/identify", """{"messageId":"nul-1","userId":"u-1","traits":{"firstName":"A\u0000B"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NUL characters (\\u0000) are not accepted.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Empty(await _scenario.EventsAsync());
    }

    [Fact]
    public async Task Batch_LoneSurrogate_FailsThatEventWithTheReasonAndKeepsItAsSent()
    {
        const string Lone = """{"type":"identify","messageId":"lone-1","userId":"u-2","traits":{"firstName":"\ud800"}}""";
        var response = await _scenario.PostAsync("/v1/batch", $$"""{"batch":[{"type":"identify","messageId":"ok-1","userId":"u-1"},{{Lone}}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (counts.GetProperty("applied").GetInt32(), counts.GetProperty("failed").GetInt32()));
        var stored = await EventAsync("lone-1");
        Assert.Equal(EventStatus.Failed, stored.Status);
        Assert.Equal("The JSON holds a lone surrogate escape (such as \\ud800), which is not a character.", stored.Reason);
        Assert.Equal(Lone, stored.RawPayload);
        Assert.Equal(["u-1"], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000")]
    [InlineData("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.9999990")]
    // Both engines keep whole microseconds: finer digits are dropped, before 2000 as after it.
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999990")]
    [InlineData("1969-07-20T20:17:40.1234567Z", "1969-07-20T20:17:40.1234560")]
    [InlineData("2026-12-07T10:00:00.123456789+02:00", "2026-12-07T08:00:00.1234560")]
    public async Task Track_TimestampAtTheCalendarsEdgesOrFinerThanAMicrosecond_IsStoredToTheMicrosecond(string timestamp, string stored)
    {
        await OkAsync("/v1/track", new { messageId = "t-1", userId = "u-1", @event = "Landed", timestamp });

        var interaction = Assert.Single(await _scenario.InteractionsAsync());
        Assert.Equal(DateTime.ParseExact(stored, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture), interaction.EventTimestampUtc);
        Assert.Equal(DateTimeKind.Utc, interaction.EventTimestampUtc.Kind);
    }

    [Fact]
    public async Task Track_TimestampBeyondTheCalendar_FailsWithTheReason()
    {
        var counts = await OkAsync("/v1/track", new { messageId = "t-1", userId = "u-1", @event = "Landed", timestamp = "10000-01-01T00:00:00Z" });

        Assert.Equal(1, counts.GetProperty("failed").GetInt32());
        Assert.StartsWith("EVENTS.event_timestamp: ", (await EventAsync("t-1")).Reason);
        Assert.Empty(await _scenario.InteractionsAsync());
    }

    [Fact]
    public async Task Identify_EventTimesUnderAMicrosecondApart_AreTheSameTime()
    {
        await OkAsync("/v1/identify", new { messageId = "m-1", userId = "u-1", timestamp = "2026-12-07T10:00:00.0000005Z", traits = new { firstName = "Ann" } });

        // Later, and 200 ns "older": on each engine the same time as the first, so it is not out of order.
        await OkAsync("/v1/identify", new { messageId = "m-2", userId = "u-1", timestamp = "2026-12-07T10:00:00.0000003Z", traits = new { firstName = "Bea" } });

        var record = Assert.Single(await _scenario.IdsRecordsAsync());
        Assert.Equal("Bea", (string?)JsonNode.Parse(record.FieldsJson)!["first_name"]);
        Assert.Equal(new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc), record.LastEventAtUtc);
    }

    [Fact]
    public async Task Identify_ReceivedFinerThanAMicrosecond_TimesAreStoredToTheMicrosecondAndReadAsUtc()
    {
        var now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        await RestartAtAsync(now);
        var microsecond = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560);

        await OkAsync("/v1/identify", new { messageId = "m-1", userId = "u-1", traits = new { firstName = "Ann" } });

        var stored = await EventAsync("m-1");
        var record = Assert.Single(await _scenario.IdsRecordsAsync());
        Assert.All(new[] { stored.ReceivedAtUtc, record.LastEventAtUtc, record.CreatedAtUtc, record.UpdatedAtUtc }, time =>
        {
            Assert.Equal(microsecond, time);
            Assert.Equal(DateTimeKind.Utc, time.Kind);
        });
        var listed = await _api.GetFromJsonAsync<JsonElement>(Route("events"));
        Assert.Equal("2026-12-07T10:00:00.1234560Z", listed.GetProperty("items")[0].GetProperty("receivedAt").GetString());
    }

    /// <summary>Keys in code point order (which is not UTF-16's: U+FF21 comes before U+1F600).</summary>
    private static readonly string[] Keys = ["Emile", "Zoe", "emile", "zoë", "Émile", "ß", "émile", "émilie", "日本", "Ａ", "😀"];

    [Theory]
    [InlineData("key=%C3%89", new[] { "Émile" })]
    [InlineData("key=%C3%A9", new[] { "émile", "émilie" })]
    [InlineData("key=e", new[] { "emile" })]
    [InlineData("key=E", new[] { "Emile" })]
    [InlineData("search=%C3%A9mili", new[] { "émilie" })]
    [InlineData("key=%F0%9F%98%80", new[] { "😀" })]
    [InlineData("key=", new[] { "Emile", "Zoe", "emile", "zoë", "Émile", "ß", "émile", "émilie", "日本", "Ａ", "😀" })]
    public async Task IdsRecords_PrefixWithCaseAndNonAscii_SameRowsInCodePointOrder(string filter, string[] expected)
    {
        var batch = Enumerable.Reverse(Keys).Select(key => new { type = "identify", messageId = "m-" + key, userId = key });
        await OkAsync("/v1/batch", new { batch });

        var page = await _api.GetFromJsonAsync<JsonElement>(Route($"records/ids?sort=key&{filter}"));

        Assert.Equal(expected, page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("primaryKey").GetString()));
        var descending = await _api.GetFromJsonAsync<JsonElement>(Route($"records/ids?sort=key_desc&{filter}"));
        Assert.Equal(Enumerable.Reverse(expected), descending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("primaryKey").GetString()));
    }

    [Fact]
    public async Task Identify_KeyLongerThanKeysAreStored_FailsThatEventOnlyWithTheReason()
    {
        await PublishLongKeysAsync();
        var batch = new object[]
        {
            new { type = "identify", messageId = "long-1", userId = "u-1", traits = new { key = new string('k', 201) } },
            new { type = "identify", messageId = "ok-1", userId = "u-2", traits = new { key = new string('k', 200) } },
        };

        var counts = await OkAsync("/v1/batch", new { batch });

        Assert.Equal((1, 1), (counts.GetProperty("applied").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Assert.Equal("CUSTOMERS.customer_id: the value is 201 characters long; a key is stored with at most 200", (await EventAsync("long-1")).Reason);
        Assert.Equal([new string('k', 200)], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));
    }

    [Fact]
    public async Task Identify_KeyWithNul_FailsWithTheReason()
    {
        await PublishLongKeysAsync(new JsonObject { ["template"] = "{{userId}}\0" });

        var counts = await OkAsync("/v1/identify", new { messageId = "m-1", userId = "u-1" });

        Assert.Equal(1, counts.GetProperty("failed").GetInt32());
        Assert.Equal("CUSTOMERS.customer_id: the value holds a NUL character (\\u0000), which cannot be stored", (await EventAsync("m-1")).Reason);
        Assert.Empty(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Track_EventIdOrTypeLongerThanTheirColumns_FailsThatEventOnlyWithTheReason()
    {
        await PublishLongKeysAsync();
        var batch = new object[]
        {
            new { type = "track", messageId = "long-id", userId = "u-1", @event = "Order", properties = new { eventId = new string('e', 201) } },
            new { type = "track", messageId = "long-type", userId = "u-1", @event = new string('t', 201), properties = new { eventId = "e-2" } },
            new { type = "track", messageId = "ok-1", userId = "u-1", @event = "Order", properties = new { eventId = "e-3" } },
        };

        var counts = await OkAsync("/v1/batch", new { batch });

        Assert.Equal((1, 2), (counts.GetProperty("applied").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Assert.Equal("EVENTS.event_id: the value is 201 characters long; a key is stored with at most 200", (await EventAsync("long-id")).Reason);
        Assert.Equal("EVENTS.event_type: the value is 201 characters long; an event type is stored with at most 200", (await EventAsync("long-type")).Reason);
        Assert.Equal(["e-3"], (await _scenario.InteractionsAsync()).Select(r => r.EventId));
    }

    [Fact]
    public async Task IdsRecords_KeyLongerThanAnyStoredKey_FindsNothing()
    {
        await PublishLongKeysAsync();
        var stored = new string('k', 200);
        await OkAsync("/v1/identify", new { messageId = "m-1", userId = "u-1", traits = new { key = stored } });
        var longer = Uri.EscapeDataString(stored + "x");

        var detail = await _api.GetAsync(Route("records/ids/" + longer));
        var prefix = await _api.GetFromJsonAsync<JsonElement>(Route("records/ids?key=" + longer));

        Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
        Assert.Empty(prefix.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(Route("records/ids/" + stored))).StatusCode);
    }

    [Fact]
    public async Task Customer_NameWithNul_Is400AndStoresNothing()
    {
        var response = await _api.PostAsync("/api/v1/customers", new StringContent("""{"name":"Acme\u0000Corp"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = _scenario.Db();
        Assert.Equal(["Acme"], await db.Customers.Select(c => c.Name).ToListAsync());
    }

    [Theory]
    [InlineData("records/ids?key=a%00b")]
    [InlineData("events?messageId=m%00")]
    // A NUL in the path (records/ids/a%00b) Kestrel itself refuses with 400 before the app sees it.
    public async Task Query_WithNul_Is400WithTheReason(string query)
    {
        var response = await _api.GetAsync(Route(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Text may not hold NUL characters (\\u0000).", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Track_WriteKeyWithNul_IsAnUnknownKey()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/track")
        {
            Content = new StringContent("""{"messageId":"t-1","userId":"u-1","event":"E"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("spk_\0\0\0\0\0\0\0\0rest-of-the-key:")));

        var response = await _scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unknown or revoked write key.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }
}
