using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// The status table's "database ... down" row, beside the locked database of IngestionDatabaseBusyTests:
/// a database that cannot be opened or read answers 503 with Retry-After and a JSON body (Segment
/// retries), never a 500, stores nothing, and once it is back the retry is stored once.
/// </summary>
public class IngestionDatabaseDownTests
{
    private const string Identify = """{"messageId":"down-1","userId":"u-1","traits":{"email":"a@example.com"}}""";

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(message, body.GetProperty("message").GetString());
    }

    private static async Task AssertRetryStoredOnceAsync(IngestionScenario scenario)
    {
        var retry = await scenario.PostAsync("/v1/identify", Identify);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetInt32());
        Assert.Equal("down-1", Assert.Single(await scenario.EventsAsync()).MessageId);
        Assert.Single(await scenario.IdsRecordsAsync());
    }

    [Theory]
    [InlineData(false)] // SQLite: the data folder is missing; PostgreSQL: the database refuses connections
    [InlineData(true)] // SQLite: the file there is not a database; PostgreSQL: the tables are gone
    public async Task Identify_DatabaseCannotBeOpenedOrRead_Is503ThenStoredOnceOnRetry(bool unreadable)
    {
        await using var scenario = await IngestionScenario.CreateAsync();

        HttpResponseMessage down;
        await using (await scenario.Factory.Database.TakeAwayAsync(unreadable))
        {
            // The key was never used, so it is looked up in the database first.
            down = await scenario.PostAsync("/v1/identify", Identify);
        }

        await AssertUnavailableAsync(down, "The database is not available; retry shortly.");
        await AssertRetryStoredOnceAsync(scenario);
    }

    [Fact]
    public async Task Identify_WriterCannotOpenTheDatabase_Is503ThenStoredOnceOnRetry()
    {
        // A clock that stands still keeps the key and the configuration cached, so only the writer needs the database.
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithClock(new FakeTimeProvider(DateTimeOffset.UtcNow)));
        var services = scenario.Factory.Services;
        Assert.Equal(KeyVerdict.Accepted, (await services.GetRequiredService<WriteKeyAuthenticator>().AuthenticateAsync(scenario.WriteKey, CancellationToken.None)).Verdict);
        Assert.NotNull(await services.GetRequiredService<ConfigurationService>().GetLatestPublishedAsync(scenario.CustomerId));

        HttpResponseMessage down;
        await using (await scenario.Factory.Database.TakeAwayAsync(unreadable: false))
        {
            down = await scenario.PostAsync("/v1/identify", Identify);
        }

        await AssertUnavailableAsync(down, "The database could not store the events.");
        await AssertRetryStoredOnceAsync(scenario);
    }
}
