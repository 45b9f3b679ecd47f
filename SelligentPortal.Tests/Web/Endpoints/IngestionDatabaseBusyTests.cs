using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// The status table's last row: a database that cannot take the write answers 503, and nothing is
/// half-stored. Another writer holds the event log (SQLite: an exclusive transaction; PostgreSQL: the
/// table locked), so the app's writer waits its 5 seconds and gives up.
/// </summary>
public class IngestionDatabaseBusyTests
{
    [Fact]
    public async Task Identify_DatabaseLockedByAnotherWriter_Is503ThenStoredOnceOnRetry()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        const string identify = "{\"messageId\":\"m-1\",\"userId\":\"u-1\",\"traits\":{\"email\":\"a@example.com\"}}";

        HttpResponseMessage busy;
        await using (await scenario.Factory.Database.HoldWriteLockAsync())
        {
            busy = await scenario.PostAsync("/v1/identify", identify);
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

    [Fact]
    public async Task Identify_DatabaseLockedLongerThanAnSdkWaits_Is503BeforeTheLockGoes()
    {
        // The app's own settings: its wait must end before an SDK's (~10 s).
        await using var scenario = await IngestionScenario.CreateAsync();
        var writeLock = await scenario.Factory.Database.HoldWriteLockAsync();
        var release = Task.Delay(TimeSpan.FromSeconds(9)).ContinueWith(_ => writeLock.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();

        HttpResponseMessage busy;
        bool answeredWhileLocked;
        try
        {
            busy = await scenario.PostAsync("/v1/identify", "{\"messageId\":\"m-1\",\"userId\":\"u-1\"}");
            answeredWhileLocked = !release.IsCompleted;
        }
        finally
        {
            // The lock goes before the scenario is disposed, whatever happened to the request.
            await release;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.True(answeredWhileLocked);
    }
}
