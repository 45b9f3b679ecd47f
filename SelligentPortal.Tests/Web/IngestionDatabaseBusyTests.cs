using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

/// <summary>The status table's last row: a database that cannot take the write answers 503, and nothing is half-stored.</summary>
public class IngestionDatabaseBusyTests
{
    [Fact]
    public async Task Identify_DatabaseLockedByAnotherWriter_Is503ThenStoredOnceOnRetry()
    {
        var folder = Path.Combine(Path.GetTempPath(), "selligentportal-busy", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "busy.db");
        try
        {
            await RunAsync(file);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Identify_DatabaseLockedLongerThanAnSdkWaits_Is503BeforeTheLockGoes()
    {
        // The app's own connection string, not a shortened one: its wait must end before an SDK's (~10 s).
        await using var scenario = await IngestionScenario.CreateAsync();
        await using var blocker = new SqliteConnection($"Data Source={Path.Combine(scenario.Factory.DataFolder, "selligentportal.db")};Pooling=False");
        await blocker.OpenAsync();
        await using var lockCommand = blocker.CreateCommand();
        lockCommand.CommandText = "PRAGMA busy_timeout=0; BEGIN EXCLUSIVE;";
        await lockCommand.ExecuteNonQueryAsync();
        var release = Task.Delay(TimeSpan.FromSeconds(9)).ContinueWith(_ =>
        {
            lockCommand.CommandText = "ROLLBACK;";
            lockCommand.ExecuteNonQuery();
        }, TaskScheduler.Default);

        HttpResponseMessage busy;
        bool answeredWhileLocked;
        try
        {
            busy = await scenario.PostAsync("/v1/identify", "{\"messageId\":\"m-1\",\"userId\":\"u-1\"}");
            answeredWhileLocked = !release.IsCompleted;
        }
        finally
        {
            // The lock goes before the blocker is disposed, whatever happened to the request.
            await release;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.True(answeredWhileLocked);
    }

    private static async Task RunAsync(string file)
    {
        // A short command timeout, so the test does not wait the default 30 seconds for the lock.
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory(new()
        {
            ["Database:ConnectionString"] = $"Data Source={file};Default Timeout=2",
        }));
        const string identify = "{\"messageId\":\"m-1\",\"userId\":\"u-1\",\"traits\":{\"email\":\"a@example.com\"}}";

        HttpResponseMessage busy;
        await using (var blocker = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await blocker.OpenAsync();
            await using var lockCommand = blocker.CreateCommand();
            lockCommand.CommandText = "PRAGMA busy_timeout=0; BEGIN EXCLUSIVE;";
            await lockCommand.ExecuteNonQueryAsync();

            busy = await scenario.PostAsync("/v1/identify", identify);

            lockCommand.CommandText = "ROLLBACK;";
            await lockCommand.ExecuteNonQueryAsync();
        }

        var retry = await scenario.PostAsync("/v1/identify", identify);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.True(busy.Headers.Contains("Retry-After"));
        var body = await busy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetInt32());
        Assert.Single(await scenario.EventsAsync());
        Assert.Single(await scenario.IdsRecordsAsync());
    }
}
