using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>What ingested events become (docs/product.md section 5 semantics), with the seed configuration.</summary>
public class IngestionSemanticsTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync() => _scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private static string IdentifyJson(string messageId, string timestamp, object traits, string userId = "u-1") =>
        JsonSerializer.Serialize(new { type = "identify", messageId, userId, timestamp, traits });

    private static string TrackJson(string messageId, string userId = "u-1", string name = "Order Completed") =>
        JsonSerializer.Serialize(new
        {
            type = "track", messageId, userId, @event = name, timestamp = "2026-01-02T03:04:05.123+01:00",
            context = new { ip = "10.0.0.1" }, properties = new { plan_name = "gold" },
        });

    private async Task<JsonObject> FieldsOfAsync(string primaryKey) =>
        JsonNode.Parse((await _scenario.IdsRecordsAsync()).Single(r => r.PrimaryKey == primaryKey).FieldsJson)!.AsObject();

    private async Task<JsonElement> OkAsync(string path, string json)
    {
        var response = await _scenario.PostAsync(path, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Identify_Twice_MergesFieldsAndKeepsWhatTheEventDoesNotCarry()
    {
        await OkAsync("/v1/identify", IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { email = "ann@example.com", firstName = "Ann", lastName = "Lee" }));

        await OkAsync("/v1/identify", IdentifyJson("m-2", "2026-01-02T00:00:00Z", new { firstName = "Annie" }));

        var fields = await FieldsOfAsync("u-1");
        Assert.Equal("Annie", (string?)fields["first_name"]);
        Assert.Equal("Lee", (string?)fields["last_name"]);
        Assert.Equal("ann@example.com", (string?)fields["email_address"]);
        Assert.Single(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Identify_OlderThanTheRecord_OnlyFillsEmptyFields()
    {
        await OkAsync("/v1/identify", IdentifyJson("m-2", "2026-01-02T00:00:00Z", new { firstName = "New" }));

        await OkAsync("/v1/identify", IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { firstName = "Old", lastName = "Filled" }));

        var fields = await FieldsOfAsync("u-1");
        Assert.Equal("New", (string?)fields["first_name"]);
        Assert.Equal("Filled", (string?)fields["last_name"]);
        Assert.Equal(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), (await _scenario.IdsRecordsAsync()).Single().LastEventAtUtc);
    }

    [Fact]
    public async Task Track_Retried_IsAnswered200AndStoredOnce()
    {
        var first = await OkAsync("/v1/track", TrackJson("t-1"));

        var retry = await OkAsync("/v1/track", TrackJson("t-1"));

        Assert.Equal(1, first.GetProperty("applied").GetInt32());
        Assert.Equal(1, retry.GetProperty("duplicate").GetInt32());
        Assert.Single(await _scenario.EventsAsync());
        Assert.Single(await _scenario.InteractionsAsync());
    }

    [Fact]
    public async Task Batch_SameMessageIdTwice_FirstCopyWins()
    {
        var batch = $"{{\"batch\":[{IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { firstName = "First" })},{IdentifyJson("m-1", "2026-01-02T00:00:00Z", new { firstName = "Second" })}]}}";

        var answer = await OkAsync("/v1/batch", batch);

        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(1, answer.GetProperty("applied").GetInt32());
        Assert.Equal(1, answer.GetProperty("duplicate").GetInt32());
        Assert.Equal("First", (string?)(await FieldsOfAsync("u-1"))["first_name"]);
    }

    [Fact]
    public async Task Batch_ValidAndInvalidEvents_StoresTheValidLogsTheInvalidAnswers200()
    {
        var batch = "[" + string.Join(",",
            IdentifyJson("ok-1", "2026-01-01T00:00:00Z", new { email = "a@example.com" }, "u-1"),
            IdentifyJson("bad-1", "2026-01-01T00:00:00Z", new { email = "not-an-email" }, "u-2"),
            "42",
            TrackJson("ok-2", "u-1"),
            "{\"type\":\"page\",\"messageId\":\"p-1\",\"userId\":\"u-1\"}") + "]";

        var answer = await OkAsync("/v1/batch", batch);

        Assert.Equal(5, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(2, answer.GetProperty("applied").GetInt32());
        Assert.Equal(2, answer.GetProperty("failed").GetInt32());
        Assert.Equal(1, answer.GetProperty("skipped").GetInt32());
        var events = await _scenario.EventsAsync();
        var bad = events.Single(e => e.MessageId == "bad-1");
        Assert.Equal(EventStatus.Failed, bad.Status);
        Assert.Contains("email_address", bad.Reason);
        Assert.Contains(events, e => e.Status == EventStatus.Failed && e.Reason!.Contains("not an event"));
        Assert.Equal(EventStatus.Skipped, events.Single(e => e.MessageId == "p-1").Status);
        Assert.Equal(["u-1"], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));
        Assert.All(events, e => Assert.Equal(1, e.ConfigurationVersion));
    }

    [Fact]
    public async Task Track_BeforeIdentify_IsStoredForTheUnknownRecipient()
    {
        await OkAsync("/v1/track", TrackJson("t-1", "nobody-yet"));

        var interaction = Assert.Single(await _scenario.InteractionsAsync());
        Assert.Equal("nobody-yet", interaction.RecipientKey);
        Assert.Equal("EVENTS", interaction.Extension);
        Assert.Equal("Order Completed", interaction.EventType);
        Assert.Equal(new DateTime(2026, 1, 2, 2, 4, 5, 123, DateTimeKind.Utc), interaction.EventTimestampUtc);
        var fields = JsonNode.Parse(interaction.FieldsJson)!;
        Assert.Equal("gold", (string?)fields["plan_name"]);
        Assert.Equal("10.0.0.1", (string?)fields["ip_address"]);
        Assert.Equal("2026-01-02T02:04:05.123Z", (string?)fields["event_timestamp"]);
        Assert.Empty(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task TextValues_AreStoredExactly_NonAsciiKeysFieldsAndTheRawPayload()
    {
        // The writer encodes and binds UTF-8 itself: every script must round-trip, in columns and in JSON.
        var userId = "zoë-日本-😀";
        var track = JsonSerializer.Serialize(new
        {
            type = "track", messageId = "t-ü", userId, @event = "Ordér Completed", timestamp = "2026-01-02T03:04:05Z",
            context = new { ip = "10.0.0.1" }, properties = new { plan_name = "Grüße 😀" },
        });
        await OkAsync("/v1/track", track);
        await OkAsync("/v1/identify", IdentifyJson("m-ü", "2026-01-01T00:00:00Z", new { email = "zoë@example.com", lastName = "Ñúñez" }, userId));

        var interaction = Assert.Single(await _scenario.InteractionsAsync());
        Assert.Equal(userId, interaction.RecipientKey);
        Assert.Equal("Ordér Completed", interaction.EventType);
        var fields = JsonNode.Parse(interaction.FieldsJson)!;
        Assert.Equal("Grüße 😀", (string?)fields["plan_name"]);

        var record = Assert.Single(await _scenario.IdsRecordsAsync());
        Assert.Equal(userId, record.PrimaryKey);
        Assert.Equal("zoë@example.com", record.Email);
        var traits = JsonNode.Parse(record.FieldsJson)!;
        Assert.Equal("Ñúñez", (string?)traits["last_name"]);

        var logged = (await _scenario.EventsAsync()).Single(e => e.MessageId == "t-ü");
        Assert.Equal(userId, logged.UserId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(track), JsonNode.Parse(logged.RawPayload!)), logged.RawPayload);
    }

    [Fact]
    public async Task Batches_SentConcurrentlyWithoutContentLength_KeepEachEventsBytesExactly()
    {
        // Bodies are read into pooled buffers that grow from 16 KB when no length is announced: no
        // event may come back with bytes from another request or from a buffer's earlier use.
        var sent = new Dictionary<string, string>();
        var requests = Enumerable.Range(0, 8).Select(r =>
        {
            var items = Enumerable.Range(0, 20).Select(i =>
            {
                var messageId = $"pool-{r}-{i}";
                var json = JsonSerializer.Serialize(new
                {
                    type = "track", messageId, userId = $"u-{r}", @event = "Order Completed", timestamp = "2026-01-02T03:04:05Z",
                    properties = new { plan_name = $"plan-{r}-{i}", blob = new string((char)('a' + r), 500 + (97 * i)) },
                });
                sent[messageId] = json;
                return json;
            }).ToList();
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch")
            {
                Content = new UnsizedContent(Encoding.UTF8.GetBytes("{\"batch\":[" + string.Join(",", items) + "]}")),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);
            return request;
        }).ToList();

        var responses = await Task.WhenAll(requests.Select(request => _scenario.Client.SendAsync(request)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var stored = await _scenario.EventsAsync();
        Assert.Equal(sent.Count, stored.Count);
        Assert.All(stored, e => Assert.Equal(sent[e.MessageId], e.RawPayload));
        Assert.Equal(sent.Count, (await _scenario.InteractionsAsync()).Count);
    }

    [Fact]
    public async Task Delete_RemovesRecordInteractionsAndRawEventsKeepsAnAnonymousLine()
    {
        await _scenario.MarkServerSideAsync();
        await OkAsync("/v1/identify", IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { email = "ann@example.com" }));
        await OkAsync("/v1/track", TrackJson("t-1"));
        await OkAsync("/v1/identify", IdentifyJson("m-9", "2026-01-01T00:00:00Z", new { email = "bob@example.com" }, "u-9"));

        var answer = await OkAsync("/segment", "{\"type\":\"delete\",\"messageId\":\"d-1\",\"userId\":\"u-1\"}");

        Assert.Equal(1, answer.GetProperty("deleted").GetInt32());
        Assert.Equal(["u-9"], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));
        Assert.Empty(await _scenario.InteractionsAsync());
        var events = await _scenario.EventsAsync();
        Assert.DoesNotContain(events, e => e.UserId == "u-1" || (e.RawPayload ?? "").Contains("ann@example.com"));
        var line = events.Single(e => e.MessageId == "d-1");
        Assert.Equal(EventStatus.Deleted, line.Status);
        // The user's own events stay as deleted, empty markers: their messageIds keep deduping retries.
        Assert.All(events.Where(e => e.MessageId is "m-1" or "t-1"), e => Assert.Equal(EventStatus.Deleted, e.Status));
        Assert.Null(line.UserId);
        Assert.Null(line.RawPayload);
        Assert.Contains("1 IDS record", line.Reason);
    }

    [Fact]
    public async Task Identify_OlderByAnEpochMillisecondsTimestamp_OnlyFillsEmptyFields()
    {
        await OkAsync("/v1/identify", IdentifyJson("m-new", "2024-01-02T00:00:00Z", new { firstName = "New" }));

        // 1704067200000 ms is 2024-01-01T00:00:00Z: a day older than what the record holds.
        await OkAsync("/v1/identify", "{\"type\":\"identify\",\"messageId\":\"m-old\",\"userId\":\"u-1\",\"timestamp\":1704067200000,\"traits\":{\"firstName\":\"Old\"}}");

        var record = Assert.Single(await _scenario.IdsRecordsAsync());
        Assert.Contains("\"New\"", record.FieldsJson);
        Assert.Equal(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), record.LastEventAtUtc);
    }

    [Fact]
    public async Task Identify_WithATimestampInEpochSeconds_IsNotTakenForJanuary1970()
    {
        await OkAsync("/v1/identify", IdentifyJson("m-1", "2024-01-02T00:00:00Z", new { firstName = "First" }));

        // 1704067200 read as milliseconds is 1970-01-20: too early to be meant, so the receive time counts.
        await OkAsync("/v1/identify", "{\"type\":\"identify\",\"messageId\":\"m-2\",\"userId\":\"u-1\",\"timestamp\":1704067200,\"traits\":{\"firstName\":\"Second\"}}");

        Assert.Contains("\"Second\"", Assert.Single(await _scenario.IdsRecordsAsync()).FieldsJson);
    }

    [Fact]
    public async Task Delete_Retried_IsADuplicateAndDeletesNothingNew()
    {
        await _scenario.MarkServerSideAsync();
        const string delete = "{\"type\":\"delete\",\"messageId\":\"d-1\",\"userId\":\"u-1\"}";
        await OkAsync("/v1/identify", IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { email = "ann@example.com" }));
        await OkAsync("/segment", delete);
        await OkAsync("/v1/identify", IdentifyJson("m-2", "2026-02-01T00:00:00Z", new { email = "ann@example.com" }));

        var retry = await OkAsync("/segment", delete);

        Assert.Equal(1, retry.GetProperty("duplicate").GetInt32());
        Assert.Equal(0, retry.GetProperty("deleted").GetInt32());
        Assert.Equal(["u-1"], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));
        var after = (await _scenario.EventsAsync()).Single(e => e.MessageId == "m-2");
        Assert.Equal("u-1", after.UserId);
        Assert.Contains("ann@example.com", after.RawPayload);
    }

    [Fact]
    public async Task Delete_ThenALateRetryOfAnEarlierIdentify_IsADuplicateAndTheUserStaysDeleted()
    {
        await _scenario.MarkServerSideAsync();
        var identify = IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { email = "ann@example.com" });
        await OkAsync("/v1/identify", identify);
        await OkAsync("/segment", "{\"type\":\"delete\",\"messageId\":\"d-1\",\"userId\":\"u-1\"}");

        var retry = await OkAsync("/v1/identify", identify);

        Assert.Equal(1, retry.GetProperty("duplicate").GetInt32());
        Assert.Empty(await _scenario.IdsRecordsAsync());
        var emptied = (await _scenario.EventsAsync()).Single(e => e.MessageId == "m-1");
        Assert.Null(emptied.UserId);
        Assert.Null(emptied.RawPayload);
        Assert.Equal(EventStatus.Deleted, emptied.Status);
    }

    [Fact]
    public async Task SameMessageId_FromTwoCustomers_IsStoredForBoth()
    {
        var (other, otherKey) = await _scenario.AddCustomerAsync("Globex");

        await OkAsync("/v1/track", TrackJson("shared-id"));
        var response = await _scenario.PostAsync("/v1/track", TrackJson("shared-id"), otherKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetInt32());
        var interactions = await _scenario.InteractionsAsync();
        Assert.Equal(2, interactions.Count);
        Assert.Equal([_scenario.CustomerId, other], interactions.Select(i => i.CustomerId));
    }

    [Fact]
    public async Task Events_WithoutPublishedConfiguration_AreLoggedFailedNotLost()
    {
        var (_, key) = await _scenario.AddCustomerAsync("Unpublished", publish: false);

        var response = await _scenario.PostAsync("/v1/identify", IdentifyJson("m-1", "2026-01-01T00:00:00Z", new { }), key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logged = Assert.Single(await _scenario.EventsAsync());
        Assert.Equal(EventStatus.Failed, logged.Status);
        Assert.Contains("No configuration is published", logged.Reason);
        Assert.NotNull(logged.RawPayload);
    }

    [Fact]
    public async Task Event_WithoutMessageId_GetsAStableOneSoARetryIsADuplicate()
    {
        var body = "{\"userId\":\"u-1\",\"event\":\"Clicked\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

        await OkAsync("/v1/track", body);
        var retry = await OkAsync("/v1/track", body);

        Assert.Equal(1, retry.GetProperty("duplicate").GetInt32());
        var logged = Assert.Single(await _scenario.EventsAsync());
        Assert.StartsWith("sp-", logged.MessageId);
        Assert.Single(await _scenario.InteractionsAsync());
    }

    [Fact]
    public async Task Batch_EnvelopeContextAndSentAt_ApplyToItemsWithoutThem()
    {
        var batch = "{\"sentAt\":\"2026-01-01T00:00:10Z\",\"context\":{\"ip\":\"1.2.3.4\"},\"batch\":[{\"type\":\"track\",\"messageId\":\"t-1\",\"userId\":\"u-1\",\"event\":\"X\",\"originalTimestamp\":\"2026-01-01T00:00:00Z\"}]}";

        await OkAsync("/v1/batch", batch);

        var fields = JsonNode.Parse(Assert.Single(await _scenario.InteractionsAsync()).FieldsJson)!;
        Assert.Equal("1.2.3.4", (string?)fields["ip_address"]);
    }

    [Fact]
    public async Task RealSamples_AllAccepted_NoneServerError()
    {
        foreach (var file in SegmentSamples.AllFiles())
        {
            var json = SegmentSamples.ReadText(file);
            var isBatch = json.Contains("\"batch\"");
            var response = await _scenario.PostAsync(isBatch ? "/v1/batch" : "/segment", json);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotImplemented, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.NotEmpty(await _scenario.IdsRecordsAsync());
    }
}
