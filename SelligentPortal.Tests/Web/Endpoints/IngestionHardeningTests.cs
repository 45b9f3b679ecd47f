using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion.Retention;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// Hostile and broken input on the ingestion path: never a 5xx for bad input, one bad event fails
/// alone, and a batch envelope is stored once however many events inherit it.
/// </summary>
public class IngestionHardeningTests : IAsyncLifetime
{
    private const string EnvelopeBatch = """
        {"context":{"ip":"203.0.113.9","library":{"name":"analytics-go"}},"batch":[
          {"type":"track","messageId":"t-1","userId":"u-1","event":"Order Completed"},
          {"type":"track","messageId":"t-2","userId":"u-2","event":"Order Completed"},
          {"type":"track","messageId":"t-3","userId":"u-3","event":"Order Completed","context":{"ip":"198.51.100.7"}}]}
        """;

    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync() => _scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<JsonElement> OkAsync(string path, string json)
    {
        var response = await _scenario.PostAsync(path, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<EventEnvelope>> EnvelopesAsync()
    {
        await using var db = _scenario.Db();
        return await db.EventEnvelopes.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Track_TimestampBeyondTheCalendar_Is200WithTheEventFailed()
    {
        var body = await OkAsync("/v1/track", """{"messageId":"m-huge","userId":"u-1","event":"E","timestamp":10000000000000000000000000}""");

        Assert.Equal(1, body.GetProperty("failed").GetInt32());
        var logged = Assert.Single(await _scenario.EventsAsync());
        Assert.Equal(EventStatus.Failed, logged.Status);
        Assert.Contains("event_timestamp", logged.Reason);
    }

    [Fact]
    public async Task Batch_ClockSkewBeyondTheCalendar_IsAppliedAtTheReceiveTime()
    {
        var body = await OkAsync("/v1/batch", """
            {"batch":[{"type":"track","messageId":"m-skew","userId":"u-1","event":"E",
              "sentAt":"9999-12-31T23:59:59Z","originalTimestamp":"0001-01-01T00:00:00Z"}]}
            """);

        Assert.Equal(1, body.GetProperty("applied").GetInt32());
    }

    [Fact]
    public async Task Batch_EnvelopeContext_IsStoredOnceAndMappedIntoEveryEventThatLacksOne()
    {
        await OkAsync("/v1/batch", EnvelopeBatch);

        var envelope = Assert.Single(await EnvelopesAsync());
        Assert.Equal(_scenario.CustomerId, envelope.CustomerId);
        Assert.Contains("203.0.113.9", envelope.Json);
        var events = await _scenario.EventsAsync();
        Assert.Equal([envelope.Id, envelope.Id, null], events.Select(e => e.EnvelopeId));
        Assert.All(events.Take(2), e => Assert.DoesNotContain("context", e.RawPayload));
        var ips = (await _scenario.InteractionsAsync()).Select(i => (string?)JsonNode.Parse(i.FieldsJson)!["ip_address"]);
        Assert.Equal(["203.0.113.9", "203.0.113.9", "198.51.100.7"], ips);
    }

    [Fact]
    public async Task EventDetail_OfAnEventThatInherited_ShowsItWithTheEnvelopesFields()
    {
        await OkAsync("/v1/batch", EnvelopeBatch);
        var first = (await _scenario.EventsAsync())[0];

        var detail = await _scenario.Factory.Services.GetRequiredService<RecordQueries>()
            .GetEventAsync(IngestionScenario.System, _scenario.CustomerId, first.Id, TestContext.Current.CancellationToken);

        var shown = JsonNode.Parse(detail.Value!.RawPayload!)!;
        Assert.Equal("203.0.113.9", (string?)shown["context"]!["ip"]);
        Assert.Equal("t-1", (string?)shown["messageId"]);
    }

    [Fact]
    public async Task Batch_RetriedWhole_LeavesNoSecondEnvelope()
    {
        await OkAsync("/v1/batch", EnvelopeBatch);

        var retry = await OkAsync("/v1/batch", EnvelopeBatch);

        Assert.Equal(3, retry.GetProperty("duplicate").GetInt32());
        Assert.Single(await EnvelopesAsync());
    }

    [Fact]
    public async Task RawPayloadRetention_PurgesEnvelopesWithThePayloads()
    {
        await OkAsync("/v1/batch", EnvelopeBatch);

        await _scenario.Factory.Services.GetRequiredService<RawPayloadRetention>().PurgeAsync(TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Empty(await EnvelopesAsync());
        Assert.All(await _scenario.EventsAsync(), e => Assert.Null(e.RawPayload));
    }

    [Fact]
    public async Task Replay_OfABatchEventThatFailedBeforePublishing_MapsItWithItsEnvelope()
    {
        await using var scenario = await IngestionScenario.CreateAsync(publish: false);
        var response = await scenario.PostAsync("/v1/batch", EnvelopeBatch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(await scenario.EventsAsync(), e => Assert.Equal(EventStatus.Failed, e.Status));
        Assert.True((await scenario.Factory.Services.GetRequiredService<ConfigurationService>().PublishAsync(IngestionScenario.System, scenario.CustomerId, "now")).IsOk);

        var replay = await scenario.Factory.Services.GetRequiredService<ReplayService>().ReplayAsync(
            IngestionScenario.System, scenario.CustomerId, new ReplayRequest([.. (await scenario.EventsAsync()).Select(e => e.Id)], null),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, replay.Value!.Applied);
        var ips = (await scenario.InteractionsAsync()).Select(i => (string?)JsonNode.Parse(i.FieldsJson)!["ip_address"]).Order();
        Assert.Equal(["198.51.100.7", "203.0.113.9", "203.0.113.9"], ips);
    }

    [Fact]
    public async Task Track_PublishedVersionThatNoLongerCompiles_Is503WithRetryAfterAndLogged()
    {
        await using var scenario = await IngestionScenario.CreateAsync(publish: false);
        await using (var db = scenario.Db())
        {
            // A version the code can no longer read (a bug, or a hand-edited database).
            db.ConfigurationVersions.Add(new ConfigurationVersion
            {
                CustomerId = scenario.CustomerId, Number = 1, DocumentJson = "{\"internalDataSource\": 42}", PublishedBy = "test",
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var response = await scenario.PostAsync("/v1/track", """{"messageId":"m-1","userId":"u-1","event":"E"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains("configuration could not be loaded", body.GetProperty("message").GetString());
        Assert.Empty(await scenario.EventsAsync());
        Assert.True(scenario.Factory.Logs.Contains(LogLevel.Error, "published configuration"));
    }

    [Fact]
    public async Task Track_StorageIoError_Is503ThenNotReadyAndTheAppStops()
    {
        var factory = new PortalFactory().WithServices(services =>
            services.AddSingleton<IIngestionStore>(new FailingStore(new Microsoft.Data.Sqlite.SqliteException("disk I/O error", 10, 1034))));
        await using var scenario = await IngestionScenario.CreateAsync(factory: factory);
        var stopping = new TaskCompletionSource();
        factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        // Taken before the fault: once the app stopped, its services are gone.
        var writer = factory.Services.GetRequiredService<IngestionWriter>();
        var readiness = new SelligentPortal.Hosting.Background.IngestionWriterHealthCheck(writer);

        var response = await scenario.PostAsync("/v1/track", """{"messageId":"m-1","userId":"u-1","event":"E"}""");

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)} Logs: "
            + string.Join(" | ", factory.Logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
        Assert.NotNull(response.Headers.RetryAfter);
        // The app stops itself (its supervisor restarts it, and SQLite recovers from what the disk holds).
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(factory.Logs.Contains(LogLevel.Critical, "I/O error"));
        Assert.True(writer.IsClosed);
        var ready = await readiness.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, ready.Status);
    }

    private sealed class FailingStore(Exception fault) : IIngestionStore
    {
        public Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<IngestionCounts>>(fault);

        public Task<IReadOnlyList<EventStatus>> ReplayAsync(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<EventStatus>>(fault);

        public bool IsStorageFault(Exception exception) => true;
    }

    [Fact]
    public async Task Track_SignedSourceWithHeaderKeyAndNoSignature_Is401BeforeTheBodyIsRead()
    {
        await _scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, _scenario.CustomerId, _scenario.SourceId, remove: false);

        // A body that is no JSON at all: the signature is refused first, whatever the body holds.
        var response = await _scenario.PostAsync("/v1/track", "{\"not json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("X-Signature", body.GetProperty("message").GetString());
    }
}
