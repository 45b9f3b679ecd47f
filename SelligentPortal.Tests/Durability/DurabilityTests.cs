using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Durability;

/// <summary>
/// The ack contract against the app as a real process: under load, every event answered 200 is
/// stored exactly once, whether the process is killed with SIGKILL or stopped with SIGTERM.
/// </summary>
public class DurabilityTests
{
    private const int Workers = 8;
    private const int EventsPerRequest = 10;

    [Fact]
    public async Task KillMinus9_UnderLoad_LosesAndDuplicatesNothingAcknowledged()
    {
        await using var app = new PortalProcess();
        await app.StartAsync();
        var key = await app.CreateCustomerWithKeyAsync();

        var acknowledged = await LoadThenStopAsync(app, key, app.KillAsync);

        Assert.True(acknowledged.Count > 100, $"Only {acknowledged.Count} events were acknowledged before the kill.");
        await app.StartAsync();
        await AssertStoredExactlyOnceAsync(app.Database, acknowledged);
    }

    [Fact]
    public async Task Sigterm_UnderLoad_DrainsAndAcknowledgesOnlyWhatItCommitted()
    {
        await using var app = new PortalProcess();
        await app.StartAsync();
        var key = await app.CreateCustomerWithKeyAsync();

        var acknowledged = await LoadThenStopAsync(app, key, app.TerminateAsync);

        Assert.Equal(0, app.ExitCode);
        Assert.True(acknowledged.Count > 100, $"Only {acknowledged.Count} events were acknowledged before the stop.");
        await AssertStoredExactlyOnceAsync(app.Database, acknowledged);
    }

    /// <summary>
    /// Sends batches of unique track events from several workers for a few seconds, then stops the app
    /// with <paramref name="stop"/>; returns every messageId answered 200. A request may fail only once
    /// the stop has begun: one that fails before (the app crashed or hung by itself) fails the test, and so
    /// does an app that is no longer running when the stop comes.
    /// </summary>
    private static async Task<ConcurrentBag<string>> LoadThenStopAsync(PortalProcess app, string key, Func<Task> stop)
    {
        var acknowledged = new ConcurrentBag<string>();
        var failedBeforeStop = new ConcurrentQueue<string>();
        var stopping = false;
        using var cancel = new CancellationTokenSource();
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var request = 0; !cancel.IsCancellationRequested; request++)
            {
                var (ids, batch) = TrackBatch(worker, request);
                try
                {
                    var response = await client.PostAsync("/v1/batch", new StringContent(batch, Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        ids.ForEach(acknowledged.Add);
                    }
                    else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        Assert.Fail($"Unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (!Volatile.Read(ref stopping))
                    {
                        // Nothing stopped the app yet: it died or hung by itself.
                        failedBeforeStop.Enqueue($"{e.GetType().Name}: {e.Message} (the app had {(app.HasExited ? "" : "not ")}exited)");
                        return;
                    }

                    // The stop made the request fail: nothing answered, nothing acknowledged.
                }
            }
        })).ToList();

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(app.HasExited, $"The app was already dead before it was stopped (exit code {(app.HasExited ? app.ExitCode : 0)}).");
            Assert.True(failedBeforeStop.IsEmpty, "Requests failed before the app was stopped: " + string.Join("; ", failedBeforeStop.Take(3)));
            Volatile.Write(ref stopping, true);
            await stop();
        }
        finally
        {
            await cancel.CancelAsync();
            await Task.WhenAll(workers);
        }

        Assert.True(failedBeforeStop.IsEmpty, "Requests failed before the app was stopped: " + string.Join("; ", failedBeforeStop.Take(3)));
        return acknowledged;
    }

    /// <summary>A batch of <see cref="EventsPerRequest"/> track events with messageIds unique to the worker and request.</summary>
    internal static (List<string> Ids, string Json) TrackBatch(int worker, int request)
    {
        var ids = Enumerable.Range(0, EventsPerRequest).Select(i => $"w{worker}-r{request}-e{i}").ToList();
        var batch = "{\"batch\":[" + string.Join(",", ids.Select(id =>
            $"{{\"type\":\"track\",\"messageId\":\"{id}\",\"userId\":\"user-{worker}\",\"event\":\"Load\",\"properties\":{{\"plan_name\":\"p\"}}}}")) + "]}";
        return (ids, batch);
    }

    /// <summary>Every acknowledged messageId is in the event log once, with its one interaction record, and nothing is there twice.</summary>
    internal static async Task AssertStoredExactlyOnceAsync(TestDatabase database, IReadOnlyCollection<string> acknowledged)
    {
        await using var connection = await database.OpenConnectionAsync();
        if (TestDatabase.Engine == "Sqlite")
        {
            // The killed process wrote the file itself; a PostgreSQL server is not what was killed.
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }

        var stored = new Dictionary<string, int>();
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT \"MessageId\", COUNT(*) FROM \"Events\" GROUP BY \"MessageId\";";
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
            }
        }

        var interactions = new Dictionary<string, int>();
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT \"EventId\", COUNT(*) FROM \"InteractionRecords\" GROUP BY \"EventId\";";
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                interactions[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
            }
        }

        var missing = acknowledged.Where(id => !stored.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events are missing, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(stored.Values, count => Assert.Equal(1, count));
        Assert.All(acknowledged, id => Assert.Equal(1, interactions.GetValueOrDefault(id)));
    }
}
