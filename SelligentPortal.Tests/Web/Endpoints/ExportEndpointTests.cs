using System.Net;
using System.Text;
using System.Text.Json;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>The CSV downloads: content and escaping end to end, filters, tenant scope, streaming.</summary>
public class ExportEndpointTests : IAsyncLifetime
{
    private const string Formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    private const string Awkward = "Lee, \"Jr\"\nSecond line";

    private IngestionScenario _scenario = default!;
    private Guid _globex;

    private string Acme => $"/exports/customers/{_scenario.CustomerId}";

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _globex = (await _scenario.AddCustomerAsync("Globex")).CustomerId;
        var traits = new { email = "ann@example.com", firstName = Formula, lastName = Awkward };
        await _scenario.PostBatchAsync(null,
            JsonSerializer.Serialize(new { type = "identify", messageId = "m-1", userId = "u-1", timestamp = "2026-01-01T00:00:00Z", traits }),
            SegmentEvents.Identify("m-2", "u-2", "bob@example.com", "Bob"),
            SegmentEvents.BadEmail("m-3", "u-3"),
            JsonSerializer.Serialize(new { type = "track", messageId = "t-1", userId = "u-1", @event = "Order Completed", timestamp = "2026-01-02T03:04:05Z", properties = new { plan_name = "-gold" } }),
            JsonSerializer.Serialize(new { type = "track", messageId = "t-2", userId = "u-9", @event = "Signed Up", timestamp = "2026-01-03T00:00:00Z" }));
        await _scenario.Factory.CreateUserAsync("acme@example.com", PortalRoles.Customer, _scenario.CustomerId);
        await _scenario.Factory.CreateUserAsync("globex@example.com", PortalRoles.Customer, _globex);
        await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _scenario.CustomerId);
        await _scenario.Factory.CreateUserAsync("idle-rm@example.com", PortalRoles.RelationshipManager);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(string who, string path)
    {
        var client = who == "anonymous" ? _scenario.Factory.CreatePortalClient() : await _scenario.Factory.SignedInClientAsync(who);
        var response = await client.GetAsync(path);
        return (response, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    private async Task<List<string[]>> RowsAsync(string path, string who = "acme@example.com")
    {
        var (response, body) = await GetAsync(who, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.StartsWith("\uFEFF", body, StringComparison.Ordinal);
        return CsvReading.Parse(body[1..]);
    }

    [Fact]
    public async Task IdsExport_CustomerUser_AttachmentWithSchemaColumnsAndNeutralisedFormula()
    {
        var (response, body) = await GetAsync("acme@example.com", $"{Acme}/records/ids.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches("^acme-ids-[0-9]{8}-[0-9]{4}\\.csv$", response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        // On the wire: the formula is quoted behind an apostrophe, the awkward value quoted with its quotes doubled.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Lee, \"\"Jr\"\"\nSecond line\"", body, StringComparison.Ordinal);
        var rows = CsvReading.Parse(body[1..]);
        Assert.Equal(["key", "email", "first_name", "last_name"], rows[0][..4]);
        Assert.Equal(["configuration_version", "created_at", "updated_at", "last_event_at"], rows[0][^4..]);
        Assert.Equal(3, rows.Count);
        var ann = rows.Single(r => r[0] == "u-1");
        Assert.Equal(["u-1", "ann@example.com", "'" + Formula, Awkward], ann[..4]);
        Assert.Equal("1", ann[^4]);
        Assert.Equal("u-2", rows[1][0]); // newest first
    }

    [Fact]
    public async Task IdsExport_Filters_KeyEmailSearchAndTimeRange()
    {
        Assert.Equal(["u-2"], (await RowsAsync($"{Acme}/records/ids.csv?key=u-2")).Skip(1).Select(r => r[0]));
        Assert.Equal(["u-1"], (await RowsAsync($"{Acme}/records/ids.csv?email=ann@")).Skip(1).Select(r => r[0]));
        Assert.Equal(["u-2", "u-1"], (await RowsAsync($"{Acme}/records/ids.csv?search=u-")).Skip(1).Select(r => r[0]));
        Assert.Single(await RowsAsync($"{Acme}/records/ids.csv?from=2999-01-01T00:00:00Z"));
        Assert.Equal(3, (await RowsAsync($"{Acme}/records/ids.csv?from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z")).Count);
    }

    [Fact]
    public async Task IdsExport_Sort_SameOrderAsTheGrid()
    {
        Assert.Equal(["u-1", "u-2"], (await RowsAsync($"{Acme}/records/ids.csv?sort=key")).Skip(1).Select(r => r[0]));
        Assert.Equal(["u-2", "u-1"], (await RowsAsync($"{Acme}/records/ids.csv?sort=key_desc")).Skip(1).Select(r => r[0]));

        var (response, body) = await GetAsync("acme@example.com", $"{Acme}/records/ids.csv?sort=sideways");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sort 'sideways' is not one of", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InteractionsExport_FiltersByEventTypeRecipientAndTime()
    {
        var all = await RowsAsync($"{Acme}/records/interactions/EVENTS.csv");
        Assert.Equal(["event_id", "recipient_key", "event_type", "event_timestamp", "channel", "ip_address", "plan_name", "acct_type"], all[0][..8]);
        Assert.Equal(["t-2", "t-1"], all.Skip(1).Select(r => r[0]));
        Assert.Equal("'-gold", all[2][6]);

        Assert.Equal(["t-1"], (await RowsAsync($"{Acme}/records/interactions/EVENTS.csv?eventType=Order%20Completed")).Skip(1).Select(r => r[0]));
        Assert.Equal(["t-2"], (await RowsAsync($"{Acme}/records/interactions/EVENTS.csv?recipient=u-9")).Skip(1).Select(r => r[0]));
        Assert.Equal(["t-1"], (await RowsAsync($"{Acme}/records/interactions/EVENTS.csv?from=2026-01-02T00:00:00Z&to=2026-01-03T00:00:00Z")).Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task EventsExport_AllColumnsAndStatusFilter()
    {
        var all = await RowsAsync($"{Acme}/events.csv");
        Assert.Equal(["id", "received_at", "type", "event_name", "user_id", "message_id", "status", "reason", "configuration_version"], all[0]);
        Assert.Equal(6, all.Count);

        var failed = await RowsAsync($"{Acme}/events.csv?status=failed", "rm@example.com");
        var row = Assert.Single(failed.Skip(1));
        Assert.Equal(["identify", "", "u-3", "m-3", "failed"], row[2..7]);
        Assert.Contains("email_address", row[7]);
        Assert.Equal(["t-1"], (await RowsAsync($"{Acme}/events.csv?type=track&messageId=t-1")).Skip(1).Select(r => r[5]));
    }

    [Theory]
    [InlineData("globex@example.com", "/records/ids.csv")]
    [InlineData("globex@example.com", "/records/interactions/EVENTS.csv")]
    [InlineData("globex@example.com", "/events.csv")]
    [InlineData("idle-rm@example.com", "/records/ids.csv")]
    [InlineData("idle-rm@example.com", "/records/interactions/EVENTS.csv")]
    [InlineData("idle-rm@example.com", "/events.csv")]
    public async Task Export_AnotherCustomersData_NotFoundWithoutData(string who, string path)
    {
        var (response, body) = await GetAsync(who, Acme + path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("text/csv", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("ann@example.com", body, StringComparison.Ordinal);
        Assert.DoesNotContain("u-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Anonymous_UnauthorizedNotARedirect()
    {
        var (response, body) = await GetAsync("anonymous", $"{Acme}/events.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Sign in", body, StringComparison.Ordinal);
        Assert.DoesNotContain("u-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownExtensionOrCustomer_NotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("admin@example.com", $"{Acme}/records/interactions/NOPE.csv")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("admin@example.com", $"/exports/customers/{Guid.NewGuid()}/events.csv")).Response.StatusCode);
    }

    [Theory]
    [InlineData("/events.csv?from=yesterday", "from 'yesterday' is not an ISO 8601 time")]
    [InlineData("/events.csv?status=exploded", "status 'exploded' is not one of")]
    [InlineData("/events.csv?status=2", "status '2' is not one of")]
    [InlineData("/records/ids.csv?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from must be earlier than to")]
    [InlineData("/events.csv?from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z", "from must be earlier than to")]
    [InlineData("/records/interactions/EVENTS.csv?to=13/45/2026", "to '13/45/2026' is not an ISO 8601 time")]
    public async Task Export_InvalidFilter_BadRequestSaysWhy(string path, string message)
    {
        var (response, body) = await GetAsync("acme@example.com", Acme + path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdsExport_TwentyThousandRecords_StreamedChunkedInKeysetBatches()
    {
        await using (var db = _scenario.Db())
        {
            var now = DateTime.UtcNow;
            db.IdsRecords.AddRange(Enumerable.Range(0, 20_000).Select(i => new IdsRecord
            {
                CustomerId = _scenario.CustomerId, PrimaryKey = $"bulk-{i:D5}", Email = $"b{i}@example.com", FieldsJson = $"{{\"first_name\":\"N{i}\"}}",
                ConfigurationVersion = 1, CreatedAtUtc = now, UpdatedAtUtc = now, LastEventAtUtc = now,
            }));
            await db.SaveChangesAsync();
        }

        var client = await _scenario.Factory.SignedInClientAsync("acme@example.com");
        using var response = await client.GetAsync($"{Acme}/records/ids.csv?key=bulk-", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Not buffered to be measured first: no length is known when the headers go out.
        Assert.Null(response.Content.Headers.ContentLength);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.StartsWith("key,email,first_name", await reader.ReadLineAsync(), StringComparison.Ordinal);
        var keys = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            keys.Add(line[..line.IndexOf(',', StringComparison.Ordinal)]);
        }

        Assert.Equal(20_000, keys.Count);
        Assert.Equal(20_000, keys.Distinct().Count());
        Assert.Equal("bulk-19999", keys[0]);
        Assert.Equal("bulk-00000", keys[^1]);
    }
}
