using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>The IDS list's filters, sort orders and keyset paging, and the interaction detail, through the API.</summary>
public class RecordQueryApiTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private HttpClient _api = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _api = _scenario.Factory.CreatePortalClient();
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await _scenario.Factory.CreateApiTokenAsync(await _scenario.Factory.FindUserAsync("admin@example.com")));
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private string Route(string rest) => $"/api/v1/customers/{_scenario.CustomerId}/{rest}";

    /// <summary>Identifies in one batch: one commit, so every record has the same update time (ties to page through).</summary>
    private async Task BatchAsync(params (string UserId, string Email)[] people)
    {
        var batch = people.Select(p => new { type = "identify", messageId = "m-" + p.UserId, userId = p.UserId, traits = new { email = p.Email } });
        var response = await _scenario.PostAsync("/v1/batch", JsonSerializer.Serialize(new { batch }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<List<JsonElement>> AllPagesAsync(string query, int limit)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _api.GetFromJsonAsync<JsonElement>(Route($"records/ids?limit={limit}&{query}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    private static List<string> Keys(IEnumerable<JsonElement> items) => items.Select(i => i.GetProperty("primaryKey").GetString()!).ToList();

    [Theory]
    [InlineData("sort=newest")]
    [InlineData("sort=oldest")]
    [InlineData("sort=key")]
    [InlineData("sort=key_desc")]
    public async Task IdsRecords_EverySortOrderPagedWithTies_ReturnsEachRecordOnceInOrder(string sort)
    {
        await BatchAsync(("u-3", "c@example.com"), ("u-1", "a@example.com"), ("u-5", "e@example.com"), ("u-2", "b@example.com"));
        await BatchAsync(("u-4", "d@example.com"), ("u-7", "g@example.com"), ("u-6", "f@example.com"));

        var keys = Keys(await AllPagesAsync(sort, 2));

        var firstBatch = new[] { "u-3", "u-1", "u-5", "u-2" };
        var secondBatch = new[] { "u-4", "u-7", "u-6" };
        string[] expected = sort switch
        {
            // Last changed first; records changed in the same commit, newest inserted first.
            "sort=newest" => [.. secondBatch.Reverse(), .. firstBatch.Reverse()],
            "sort=oldest" => [.. firstBatch, .. secondBatch],
            "sort=key" => ["u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7"],
            _ => ["u-7", "u-6", "u-5", "u-4", "u-3", "u-2", "u-1"],
        };
        Assert.Equal(expected, keys);
    }

    [Fact]
    public async Task IdsRecords_ChangedRecord_MovesToTheTopOfNewest()
    {
        await BatchAsync(("ann", "ann@example.com"));
        await BatchAsync(("bob", "bob@example.com"));
        await _scenario.PostAsync("/v1/identify", """{"type":"identify","messageId":"m-ann-2","userId":"ann","traits":{"firstName":"Ann"}}""");

        var keys = Keys(await AllPagesAsync("", 50));

        Assert.Equal(["ann", "bob"], keys);
    }

    [Fact]
    public async Task IdsRecords_KeyEmailAndSearchPrefixes_MatchOnlyTheirColumn()
    {
        await BatchAsync(("alice-1", "zed@example.com"), ("alina-2", "alice@example.com"), ("bob-3", "bob@example.com"), ("carl-4", "carl@other.org"));

        var byKey = Keys(await AllPagesAsync("key=ali&sort=key", 50));
        var byKeyNarrow = Keys(await AllPagesAsync("key=alic", 50));
        var byEmail = Keys(await AllPagesAsync("email=alice&sort=key", 50));
        var bySearch = Keys(await AllPagesAsync("search=alice&sort=key", 50));
        var caseSensitive = Keys(await AllPagesAsync("search=ALICE", 50));
        var combined = Keys(await AllPagesAsync("key=alina&email=alice", 50));
        var none = Keys(await AllPagesAsync("key=alina&email=bob", 50));

        Assert.Equal(["alice-1", "alina-2"], byKey);
        Assert.Equal(["alice-1"], byKeyNarrow);
        Assert.Equal(["alina-2"], byEmail);
        Assert.Equal(["alice-1", "alina-2"], bySearch);
        Assert.Empty(caseSensitive);
        Assert.Equal(["alina-2"], combined);
        Assert.Empty(none);
    }

    [Fact]
    public async Task IdsRecords_SearchPagedByCursor_ReturnsEachMatchOnce()
    {
        await BatchAsync(Enumerable.Range(0, 9).Select(i => ($"k{i}", i % 2 == 0 ? $"k-mail{i}@example.com" : $"other{i}@example.com")).ToArray());

        var keys = Keys(await AllPagesAsync("search=k", 2));

        Assert.Equal(9, keys.Count);
        Assert.Equal(9, keys.Distinct().Count());
    }

    [Fact]
    public async Task IdsRecords_TimeRange_FiltersOnLastChange()
    {
        await BatchAsync(("early", "early@example.com"));
        var early = (await AllPagesAsync("", 50)).Single().GetProperty("updatedAt").GetDateTime();
        await Task.Delay(50);
        await BatchAsync(("late", "late@example.com"));
        var late = (await AllPagesAsync("key=late", 50)).Single().GetProperty("updatedAt").GetDateTime();
        var iso = (DateTime t) => Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        var from = Keys(await AllPagesAsync($"from={iso(late)}", 50));
        var to = Keys(await AllPagesAsync($"to={iso(late)}", 50));
        // A microsecond: the finest step every engine stores and compares times in.
        var both = Keys(await AllPagesAsync($"from={iso(early)}&to={iso(late.AddMicroseconds(1))}&sort=key", 50));

        Assert.Equal(["late"], from);
        Assert.Equal(["early"], to);
        Assert.Equal(["early", "late"], both);
    }

    [Theory]
    [InlineData("sort=sideways", "sort is one of")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("sort=key&cursor=t123_4", "cursor")]
    [InlineData("from=2026-12-03T10:00:00Z&to=2026-12-03T09:00:00Z", "\\\"to\\\" must be later")]
    public async Task IdsRecords_BadQuery_Is400ProblemNamingIt(string query, string detail)
    {
        var response = await _api.GetAsync(Route($"records/ids?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InteractionDetail_ShowsProducingEventAndWhetherTheRecipientExists()
    {
        await BatchAsync(("ann", "ann@example.com"));
        await _scenario.PostAsync("/v1/track", """{"messageId":"t-1","userId":"ann","event":"Viewed"}""");
        await _scenario.PostAsync("/v1/track", """{"messageId":"t-2","userId":"ghost","event":"Viewed"}""");

        var ann = await _api.GetFromJsonAsync<JsonElement>(Route("records/interactions/EVENTS/t-1"));
        var ghost = await _api.GetFromJsonAsync<JsonElement>(Route("records/interactions/EVENTS/t-2"));
        var missing = await _api.GetAsync(Route("records/interactions/EVENTS/t-3"));
        var otherExtension = await _api.GetAsync(Route("records/interactions/NOPE/t-1"));

        Assert.True(ann.GetProperty("record").GetProperty("recipientIdentified").GetBoolean());
        Assert.Equal("t-1", ann.GetProperty("event").GetProperty("messageId").GetString());
        Assert.Equal(ann.GetProperty("record").GetProperty("eventLogId").GetInt64(), ann.GetProperty("event").GetProperty("id").GetInt64());
        Assert.False(ghost.GetProperty("record").GetProperty("recipientIdentified").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherExtension.StatusCode);
    }
}
