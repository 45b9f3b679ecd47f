#if POSTGRESQL
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Durability;

/// <summary>
/// Two real app processes on one PostgreSQL database behave as one product (issue 17): what one
/// instance changes is in force on the other within a second, and its commits reach the other's live
/// pages within two. They share <see cref="TwoInstances"/>; each test makes a customer of its own.
/// </summary>
[Collection(nameof(TwoInstances))]
public class TwoInstanceTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    /// <summary>How often the tests look again while waiting for the other instance.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private PortalProcess A => instances.A;

    private PortalProcess B => instances.B;

    [Fact]
    public async Task LiveMode_EventsSentToOneInstance_AppearOnTheOthersPageWithin2Seconds()
    {
        var customer = await A.CreateCustomerAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            // A records page in live mode on each instance, signed in there with the bootstrap Admin.
            var pageOnA = await OpenLiveInteractionsAsync(browser, A, customer.CustomerId);
            var pageOnB = await OpenLiveInteractionsAsync(browser, B, customer.CustomerId);

            foreach (var (sendTo, watch, messageId) in new[] { (B, pageOnA, "live-to-b"), (A, pageOnB, "live-to-a") })
            {
                Assert.Equal(HttpStatusCode.OK, (await TrackAsync(sendTo, customer.Key, messageId, userId: "live-user")).StatusCode);
                // From the acknowledgment (the event is stored then): what the instance that took it needs to
                // store it is the ingestion's latency, not the other instance's.
                var stored = Stopwatch.StartNew();
                var row = watch.Locator("[data-testid=interaction-link]").Filter(new() { HasText = messageId });
                await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 2000 });
                Assert.True(stored.Elapsed <= TimeSpan.FromSeconds(2), $"{messageId} took {stored.ElapsedMilliseconds} ms to appear on the other instance's live page.");
            }
        }
    }

    [Fact]
    public async Task RevokedKey_OnOneInstance_IsRefusedByTheOtherWithin1Second()
    {
        var customer = await A.CreateCustomerAsync();
        // Used on B first, so B has the key in its cache (kept 10 s unless a notice drops it).
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(B, customer.Key, "before-revoke", userId: "u1")).StatusCode);

        var revoked = Stopwatch.StartNew();
        using (var api = A.ApiClient())
        {
            var response = await api.DeleteAsync($"/api/v1/customers/{customer.CustomerId}/sources/{customer.SourceId}/keys/{customer.KeyId}");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var answer = HttpStatusCode.OK;
        for (var attempt = 0; answer == HttpStatusCode.OK && revoked.Elapsed < TimeSpan.FromSeconds(5); attempt++)
        {
            answer = (await TrackAsync(B, customer.Key, $"after-revoke-{attempt}", userId: "u1")).StatusCode;
            if (answer == HttpStatusCode.OK)
            {
                await Task.Delay(Poll);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, answer);
        Assert.True(revoked.Elapsed <= TimeSpan.FromSeconds(1), $"The other instance accepted the revoked key for {revoked.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task PublishedConfiguration_OnOneInstance_IsAppliedByTheOtherWithin1Second()
    {
        var customer = await A.CreateCustomerAsync();
        // The seed (version 1) takes an interaction's recipient from userId only: an anonymous track fails.
        // Sent to B, so that B has version 1 as the latest in its cache (kept 2 s unless a notice drops it).
        Assert.Equal((1, "Failed"), await AnonymousTrackOnBAsync(customer, "seed"));

        // Published twice in a row: the second right after B took up the first, so B's cache is fresh then.
        foreach (var (from, expected, note) in new[] { ((JsonNode)new JsonArray("userId", "anonymousId"), "Applied", "anonymous"), (JsonValue.Create("userId"), "Failed", "back") })
        {
            using var api = A.ApiClient();
            var route = $"/api/v1/customers/{customer.CustomerId}/configuration";
            var draft = JsonNode.Parse(await api.GetStringAsync(route + "/draft"))!;
            draft["interactionExtensions"]![0]!["mapping"]!["customer_id"]!["from"] = from;
            var saved = await api.PutAsync(route + "/draft", new StringContent(draft.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());

            var published = Stopwatch.StartNew();
            var response = await api.PostAsJsonAsync(route + "/publish", new { note });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();

            var applied = (Version: 0, Status: "");
            for (var attempt = 0; applied.Version != version && published.Elapsed < TimeSpan.FromSeconds(5); attempt++)
            {
                applied = await AnonymousTrackOnBAsync(customer, $"{note}-{attempt}");
                if (applied.Version != version)
                {
                    await Task.Delay(Poll);
                }
            }

            Assert.Equal((version, expected), applied);
            Assert.True(published.Elapsed <= TimeSpan.FromSeconds(1), $"The other instance mapped with the old version for {published.ElapsedMilliseconds} ms after version {version} was published.");
        }
    }

    /// <summary>Sends B a track with only an anonymousId; returns the version it was mapped with and its status.</summary>
    private async Task<(int Version, string Status)> AnonymousTrackOnBAsync(CreatedCustomer customer, string messageId)
    {
        var response = await TrackAsync(B, customer.Key, messageId, anonymousId: "visitor-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var connection = await A.Database.OpenConnectionAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT \"ConfigurationVersion\", \"Status\" FROM \"Events\" WHERE \"MessageId\" = @message AND \"CustomerId\" = @customer";
        foreach (var (name, value) in new (string, object)[] { ("message", messageId), ("customer", customer.CustomerId) })
        {
            var parameter = query.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            query.Parameters.Add(parameter);
        }

        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{messageId} was acknowledged but is not stored.");
        return (reader.GetInt32(0), reader.GetString(1));
    }

    private static async Task<IPage> OpenLiveInteractionsAsync(IBrowser browser, PortalProcess app, Guid customerId)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        await Chromium.SignInAsync(page, baseUrl, "ops@example.com");
        await page.GotoAsync($"{baseUrl}/customers/{customerId}/records?tab=EVENTS&live=true");
        await Chromium.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=live-on]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=interaction-empty]")).ToBeVisibleAsync();
        return page;
    }

    internal static async Task<HttpResponseMessage> TrackAsync(PortalProcess app, string key, string messageId, string? userId = null, string? anonymousId = null)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        var body = JsonSerializer.Serialize(new { type = "track", messageId, userId, anonymousId, @event = "Two Instances" });
        return await client.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
    }
}

/// <summary>Two app processes on one PostgreSQL database, started one after the other.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public PortalProcess A { get; } = new();

    public PortalProcess B { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        B = new PortalProcess(A.Database);
        await A.StartAsync();
        await B.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

/// <summary>
/// Two app processes on one PostgreSQL database, started, killed and restarted (issue 17). In the
/// collection of <see cref="TwoInstanceTests"/>: the load here must not delay the latency checks there.
/// </summary>
[Collection(nameof(TwoInstances))]
public class TwoInstanceLifecycleTests
{
    private const int Workers = 8;

    /// <summary>How the retention test has the app stamp its log lines.</summary>
    private const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fff";

    [Fact]
    public async Task KillMinus9_OneOfTwoUnderLoad_OtherKeepsAcceptingAndNothingAcknowledgedIsLostOrDuplicated()
    {
        await using var a = new PortalProcess();
        await using var b = new PortalProcess(a.Database);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        var key = await a.CreateCustomerWithKeyAsync();

        // Half the workers send to each instance, as a balancer would.
        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentQueue<string>();
        var acknowledgedByBAfterKill = 0;
        var killed = false;
        using var cancel = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var target = worker % 2 == 0 ? a : b;
            using var client = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
            for (var request = 0; !cancel.IsCancellationRequested; request++)
            {
                var (ids, batch) = DurabilityTests.TrackBatch(worker, request);
                var wasKilled = Volatile.Read(ref killed);
                try
                {
                    var response = await client.PostAsync("/v1/batch", new StringContent(batch, Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        ids.ForEach(acknowledged.Add);
                        if (target == b && wasKilled)
                        {
                            Interlocked.Add(ref acknowledgedByBAfterKill, ids.Count);
                        }
                    }
                    else
                    {
                        failures.Enqueue($"{(target == a ? "A" : "B")} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (target == b || !Volatile.Read(ref killed))
                    {
                        failures.Enqueue($"{(target == a ? "A" : "B")}: {e.GetType().Name}: {e.Message}");
                    }

                    // A's requests fail once it is killed: nothing answered, nothing acknowledged. Its workers stop.
                    return;
                }
            }
        })).ToList();

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.True(failures.IsEmpty, "Requests failed before the kill: " + string.Join("; ", failures.Take(3)));
            Volatile.Write(ref killed, true);
            await a.KillAsync();
            // B goes on taking its share while A is dead.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await cancel.CancelAsync();
            await Task.WhenAll(workers);
        }

        Assert.True(failures.IsEmpty, "Requests failed other than A's after the kill: " + string.Join("; ", failures.Take(3)));
        Assert.True(acknowledged.Count > 100, $"Only {acknowledged.Count} events were acknowledged.");
        Assert.True(acknowledgedByBAfterKill > 0, "B acknowledged nothing after A was killed.");

        // The killed instance comes back and takes events again.
        await a.StartAsync();
        var (lastIds, lastBatch) = DurabilityTests.TrackBatch(Workers, 0);
        using (var client = new HttpClient { BaseAddress = a.BaseAddress })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/batch", new StringContent(lastBatch, Encoding.UTF8, "application/json"))).StatusCode);
        }

        lastIds.ForEach(acknowledged.Add);
        await DurabilityTests.AssertStoredExactlyOnceAsync(a.Database, acknowledged);
    }

    [Fact]
    public async Task RetentionPurge_TwoInstancesStartedTogether_RunsOncePerIntervalAcrossBoth()
    {
        await using var a = new PortalProcess();
        await using var b = new PortalProcess(a.Database);
        foreach (var app in new[] { a, b })
        {
            // A purge every second, each run logged with the process's own UTC time.
            app.Settings["Ingestion:RetentionPurgeIntervalSeconds"] = "1";
            app.Settings["Logging:LogLevel:SelligentPortal.Hosting.Background.RawPayloadRetentionHost"] = "Debug";
            app.Settings["Logging:Console:FormatterName"] = "simple";
            app.Settings["Logging:Console:FormatterOptions:SingleLine"] = "true";
            app.Settings["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true";
            app.Settings["Logging:Console:FormatterOptions:TimestampFormat"] = Timestamp + " ";
        }

        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await Task.Delay(TimeSpan.FromSeconds(6));

        var runs = new[] { ("A", a), ("B", b) }
            .SelectMany(app => app.Item2.Output
                .Where(o => o.Line.Contains("Retention purge run started", StringComparison.Ordinal))
                .Select(o => (Instance: app.Item1, At: DateTime.ParseExact(o.Line[..Timestamp.Length], Timestamp, CultureInfo.InvariantCulture))))
            .OrderBy(run => run.At)
            .ToList();
        var shown = string.Join(", ", runs.Select(run => $"{run.Instance} {run.At:HH:mm:ss.fff}"));

        // Each instance's timer ticks every second; the job runs at most once per interval across both
        // (the implementation allows 0.9 of it between the starts of runs, for timer drift), and never
        // twice at once. Start lines, not end lines: a run's length varies under load. The margin below
        // 0.9 s is for the log line's own delay; a run twice in one interval would be milliseconds apart.
        Assert.True(runs.Count >= 3, $"The purge ran {runs.Count} times in 6 s: {shown}");
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].At - runs[i - 1].At >= TimeSpan.FromMilliseconds(600), $"The purge ran twice within an interval: {shown}");
        }

        await using var connection = await a.Database.OpenConnectionAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT string_agg(\"Name\", ',') FROM \"BackgroundJobRuns\"";
        Assert.Equal("retention", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task StartedTogether_OnBlankDatabase_BothReadyWithExactlyOneAdmin()
    {
        await using var a = new PortalProcess();
        await using var b = new PortalProcess(a.Database);
        // No schema at all, as on a new install: both migrate it, then both bootstrap the same Admin.
        await using (var connection = await a.Database.OpenConnectionAsync())
        await using (var blank = connection.CreateCommand())
        {
            blank.CommandText = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;";
            await blank.ExecuteNonQueryAsync();
        }

        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        await using (var connection = await a.Database.OpenConnectionAsync())
        {
            async Task<string?> QueryAsync(string sql)
            {
                await using var query = connection.CreateCommand();
                query.CommandText = sql;
                return (await query.ExecuteScalarAsync())?.ToString();
            }

            Assert.Equal("ops@example.com", await QueryAsync(
                "SELECT string_agg(u.\"Email\", ',') FROM \"AspNetUsers\" u JOIN \"AspNetUserRoles\" ur ON ur.\"UserId\" = u.\"Id\" "
                + "JOIN \"AspNetRoles\" r ON r.\"Id\" = ur.\"RoleId\" WHERE r.\"Name\" = 'Admin'"));
            Assert.Equal("1", await QueryAsync("SELECT count(*) FROM \"AspNetUsers\""));
            Assert.Equal("1", await QueryAsync("SELECT count(*) FROM \"PersonalAccessTokens\""));
            Assert.Equal("0", await QueryAsync("SELECT count(*) FROM (SELECT \"Name\" FROM \"AspNetRoles\" GROUP BY \"Name\" HAVING count(*) > 1) AS twice"));
        }

        // Each instance takes the bootstrap token of the one Admin.
        foreach (var app in new[] { a, b })
        {
            using var api = app.ApiClient();
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/customers")).StatusCode);
        }
    }
}
#endif
