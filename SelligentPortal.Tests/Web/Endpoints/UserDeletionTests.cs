using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// Segment's user deletion: carried out only for a server-side source or a signed request, on indexes,
/// for every record the Segment user's events wrote.
/// </summary>
public class UserDeletionTests : IAsyncLifetime
{
    private const string Delete = """{"type":"delete","messageId":"d-1","userId":"u-1"}""";
    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync() => _scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<JsonElement> OkAsync(string path, string json, IngestionScenario? scenario = null)
    {
        var response = await (scenario ?? _scenario).PostAsync(path, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task IdentifyAnnAsync() =>
        OkAsync("/v1/identify", """{"type":"identify","messageId":"m-1","userId":"u-1","traits":{"email":"ann@example.com"}}""");

    [Fact]
    public async Task Delete_FromASourceNotMarkedServerSide_IsLoggedFailedAndDeletesNothing()
    {
        await IdentifyAnnAsync();

        var answer = await OkAsync("/segment", Delete);

        Assert.Equal(1, answer.GetProperty("failed").GetInt32());
        Assert.Equal(0, answer.GetProperty("deleted").GetInt32());
        Assert.Single(await _scenario.IdsRecordsAsync());
        var line = (await _scenario.EventsAsync()).Single(e => e.MessageId == "d-1");
        Assert.Equal(EventStatus.Failed, line.Status);
        Assert.Contains("server-side source or a signed request", line.Reason);
        Assert.Equal(EventStatus.Applied, (await _scenario.EventsAsync()).Single(e => e.MessageId == "m-1").Status);
    }

    [Fact]
    public async Task Delete_SignedRequest_IsCarriedOutForASourceNotServerSide()
    {
        var secret = (await _scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, _scenario.CustomerId, _scenario.SourceId, remove: false)).Value!;
        var identify = """{"type":"identify","messageId":"m-1","userId":"u-1","traits":{"email":"ann@example.com"}}""";
        Assert.Equal(HttpStatusCode.OK, (await SignedAsync("/v1/identify", identify, secret)).StatusCode);

        var response = await SignedAsync("/segment", Delete, secret);

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
        Assert.Empty(await _scenario.IdsRecordsAsync());
    }

    [Fact]
    public async Task Delete_ServerSideSourceBeforeAnythingIsPublished_EmptiesTheUsersEvents()
    {
        await using var scenario = await IngestionScenario.CreateAsync(publish: false);
        await scenario.MarkServerSideAsync();
        await OkAsync("/v1/track", """{"messageId":"t-1","userId":"u-1","event":"E","properties":{"email":"ann@example.com"}}""", scenario);

        var answer = await OkAsync("/segment", Delete, scenario);

        Assert.Equal(1, answer.GetProperty("deleted").GetInt32());
        var emptied = (await scenario.EventsAsync()).Single(e => e.MessageId == "t-1");
        Assert.Equal(EventStatus.Deleted, emptied.Status);
        Assert.Null(emptied.RawPayload);
        Assert.Null(emptied.UserId);
    }

    [Fact]
    public async Task Delete_RecordKeyedByAnotherTrait_RemovesTheRecordsTheUsersEventsWrote()
    {
        await _scenario.MarkServerSideAsync();
        await PublishKeyedByCustomerNumberAsync();
        await OkAsync("/v1/identify", """{"type":"identify","messageId":"m-1","userId":"u-1","traits":{"customerNumber":"C-1","email":"ann@example.com"}}""");
        await OkAsync("/v1/track", """{"messageId":"t-1","userId":"u-1","event":"E","properties":{"customerNumber":"C-1"}}""");
        await OkAsync("/v1/identify", """{"type":"identify","messageId":"m-2","userId":"u-2","traits":{"customerNumber":"C-2"}}""");
        Assert.Equal(["C-1", "C-2"], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));

        // The deletion carries only the Segment user id: C-1 is found through the user's own identify.
        var answer = await OkAsync("/segment", Delete);

        Assert.Equal(1, answer.GetProperty("deleted").GetInt32());
        Assert.Equal(["C-2"], (await _scenario.IdsRecordsAsync()).Select(r => r.PrimaryKey));
        Assert.Empty(await _scenario.InteractionsAsync());
        var events = await _scenario.EventsAsync();
        Assert.All(events.Where(e => e.MessageId is "m-1" or "t-1"), e => Assert.Equal(EventStatus.Deleted, e.Status));
        Assert.Equal(EventStatus.Applied, events.Single(e => e.MessageId == "m-2").Status);
    }

    [Fact]
    public async Task Replay_OfAFailedDelete_DoesNotCarryItOut()
    {
        await IdentifyAnnAsync();
        await OkAsync("/segment", Delete);
        await _scenario.MarkServerSideAsync();
        var failed = (await _scenario.EventsAsync()).Single(e => e.MessageId == "d-1");

        var replay = await _scenario.Factory.Services.GetRequiredService<ReplayService>().ReplayAsync(
            IngestionScenario.System, _scenario.CustomerId, new ReplayRequest([failed.Id], null), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, replay.Value!.NotReplayable);
        Assert.Single(await _scenario.IdsRecordsAsync());
    }

#if POSTGRESQL
    [Fact]
    public async Task DeleteStatements_UseIndexes_NeverScanTheCustomersRows()
    {
        await IdentifyAnnAsync();
        await using var connection = (Npgsql.NpgsqlConnection)await _scenario.Factory.Database.OpenConnectionAsync();
        // A customer with thousands of records and events, so the planner weighs its indexes as in production.
        string[] fill =
        [
            """
            INSERT INTO "IdsRecords" ("CustomerId", "PrimaryKey", "FieldsJson", "ConfigurationVersion", "LastEventAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
            SELECT $1, 'k' || g, '{}', 1, now(), now(), now() FROM generate_series(1, 5000) AS g
            """,
            """
            INSERT INTO "InteractionRecords" ("CustomerId", "Extension", "EventId", "RecipientKey", "EventType", "EventTimestampUtc", "FieldsJson", "ConfigurationVersion", "IngestedEventId", "CreatedAtUtc")
            SELECT $1, 'EVENTS', 'e' || g, 'k' || (g % 500), 'E', now(), '{}', 1, 0, now() FROM generate_series(1, 5000) AS g
            """,
            """
            INSERT INTO "Events" ("CustomerId", "SourceId", "MessageId", "ReceivedAtUtc", "Status", "UserId", "RecordKey")
            SELECT $1, $2, 'm' || g, now(), 'Applied', 'u' || (g % 500), 'k' || (g % 500) FROM generate_series(1, 5000) AS g
            """,
        ];
        foreach (var sql in fill)
        {
            await using var insert = new Npgsql.NpgsqlCommand(sql, connection);
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _scenario.CustomerId });
            if (sql.Contains("$2", StringComparison.Ordinal))
            {
                insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _scenario.SourceId });
            }

            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using (var analyze = new Npgsql.NpgsqlCommand("ANALYZE", connection))
        {
            await analyze.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        foreach (var statement in SelligentPortal.Core.Persistence.PostgreSql.PostgreSqlIngestionStore.DeleteUserStatements.Append(SelligentPortal.Core.Persistence.PostgreSql.PostgreSqlIngestionStore.UserRecordKeysStatement))
        {
            await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN " + statement, connection);
            explain.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _scenario.CustomerId });
            explain.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "x" });
            if (statement.Contains("$3", StringComparison.Ordinal))
            {
                explain.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "x" });
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    plan.Add(reader.GetString(0));
                }
            }

            // An index on the customer alone would still read all of the customer's events: the key column must be in it too.
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan", StringComparison.Ordinal));
            Assert.Contains(plan, step => System.Text.RegularExpressions.Regex.IsMatch(
                step, @"Index Cond: \(\(""CustomerId"" = [^)]+\) AND \(\(?""(PrimaryKey|RecipientKey|RecordKey|UserId)""\)?(::text)? = "));
        }
    }
#else
    [Fact]
    public async Task DeleteStatements_UseIndexes_NeverScanTheCustomersRows()
    {
        await IdentifyAnnAsync();
        await using var db = _scenario.Db();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();

        foreach (var statement in SelligentPortal.Core.Persistence.Sqlite.SqliteIngestionCommands.DeleteUserStatements.Append(SelligentPortal.Core.Persistence.Sqlite.SqliteIngestionCommands.UserRecordKeysStatement))
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + statement;
            for (var i = 1; i <= 3; i++)
            {
                explain.Parameters.AddWithValue("?" + i, "x");
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    plan.Add(reader.GetString(3));
                }
            }

            // An index on the customer alone would still read all of the customer's events: the key column must be in it too.
            Assert.NotEmpty(plan);
            Assert.All(plan, step => Assert.Matches(@"^SEARCH \w+ USING (COVERING )?INDEX \w+ \(CustomerId=\? AND \w+=\?\)$", step));
        }
    }
#endif

    [Fact]
    public async Task UpdateSource_ServerSide_IsShownAndAudited()
    {
        var admin = await _scenario.Factory.FindUserAsync("admin@example.com");
        var client = _scenario.Factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _scenario.Factory.CreateApiTokenAsync(admin));

        var response = await client.PatchAsJsonAsync($"/api/v1/customers/{_scenario.CustomerId}/sources/{_scenario.SourceId}", new { serverSide = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("isServerSide").GetBoolean());
        Assert.True(body.GetProperty("mayDelete").GetBoolean());
        await using var db = _scenario.Db();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "source.changed").SingleAsync();
        Assert.Contains("\"isServerSide\":false", audit.Before);
        Assert.Contains("\"isServerSide\":true", audit.After);
    }

    private async Task<HttpResponseMessage> SignedAsync(string path, string json, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _scenario.WriteKey);
        request.Headers.Add("X-Signature", Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(json))));
        return await _scenario.Client.SendAsync(request);
    }

    /// <summary>The seed configuration with the IDS keyed by traits.customerNumber, and interactions by properties.customerNumber.</summary>
    private async Task PublishKeyedByCustomerNumberAsync()
    {
        var document = JsonNode.Parse(ConfigurationDocumentSerializer.Serialize(SeedPreset.Create()))!;
        document["internalDataSource"]!["mapping"]!["customer_id"] = new JsonObject { ["from"] = "traits.customerNumber" };
        document["interactionExtensions"]![0]!["mapping"]!["customer_id"] = new JsonObject { ["from"] = "properties.customerNumber" };
        var configurations = _scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var saved = await configurations.SaveDraftAsync(IngestionScenario.System, _scenario.CustomerId, document.ToJsonString(), null);
        Assert.True(saved.IsOk, string.Join(" ", saved.Problems));
        Assert.True((await configurations.PublishAsync(IngestionScenario.System, _scenario.CustomerId, "keyed by customer number")).IsOk);
    }
}
