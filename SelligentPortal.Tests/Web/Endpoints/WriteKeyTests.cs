using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// PRODUCT.md section 2's write keys, made through the management API: stored only as a hash, and
/// several active at once so a source can rotate its key without a gap.
/// </summary>
public class WriteKeyTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private HttpClient _api = default!;
    private Guid _sourceId;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        _api = await _scenario.Factory.ApiClientAsync("admin@example.com");
        var source = await _api.PostAsJsonAsync(Route("sources"), new { name = "Segment rotation" });
        Assert.Equal(HttpStatusCode.Created, source.StatusCode);
        _sourceId = (await source.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _scenario.DisposeAsync();
    }

    private string Route(string rest) => $"/api/v1/customers/{_scenario.CustomerId}/{rest}";

    private async Task<(Guid Id, string Key)> CreateKeyAsync()
    {
        var response = await _api.PostAsync(Route($"sources/{_sourceId}/keys"), null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private async Task<HttpStatusCode> TrackAsync(string key, string messageId) =>
        (await _scenario.PostAsync("/v1/track", $$"""{"messageId":"{{messageId}}","userId":"u-1","event":"Rotated"}""", key)).StatusCode;

    [Fact]
    public async Task CreateKey_ThroughTheApi_NoColumnNorDatabaseFileHoldsTheKey()
    {
        var (_, key) = await CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await TrackAsync(key, "hashed-1"));
        var secretPart = key[TokenSecrets.PrefixLength..];

        var holders = new List<string>();
        var hashes = 0;
        var database = _scenario.Factory.Database;
        await using (var connection = await database.OpenConnectionAsync())
        {
            foreach (var (table, column) in await database.ColumnsAsync())
            {
                foreach (var value in await ReadColumnAsync(connection, $"SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\";"))
                {
                    if (value.Contains(secretPart, StringComparison.Ordinal))
                    {
                        holders.Add($"{table}.{column}");
                    }

                    hashes += value == TokenSecrets.Hash(key) ? 1 : 0;
                }
            }
        }

        Assert.Empty(holders);
        Assert.Equal(1, hashes);
        // Nor anywhere in the files, the log included (a row written and deleted again would be there):
        // SQLite's; a server's files are out of the test's reach. The ".instance" lock file is held
        // exclusively by the running app and is always empty.
        foreach (var file in database.Files.Where(f => !f.EndsWith(".instance", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(secretPart)) < 0, $"{Path.GetFileName(file)} holds the key.");
        }
    }

    [Fact]
    public async Task Rotation_TwoKeysOfOneSource_BothWork_RevokingOneLeavesTheOther()
    {
        var (oldId, oldKey) = await CreateKeyAsync();
        var (_, newKey) = await CreateKeyAsync();

        var bothOld = await TrackAsync(oldKey, "rot-1");
        var bothNew = await TrackAsync(newKey, "rot-2");
        var revoke = await _api.DeleteAsync(Route($"sources/{_sourceId}/keys/{oldId}"));
        var afterOld = await _scenario.PostAsync("/v1/track", """{"messageId":"rot-3","userId":"u-1","event":"Rotated"}""", oldKey);
        var afterNew = await TrackAsync(newKey, "rot-4");

        Assert.Equal(HttpStatusCode.OK, bothOld);
        Assert.Equal(HttpStatusCode.OK, bothNew);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterOld.StatusCode);
        Assert.False((await afterOld.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, afterNew);
        var stored = (await _scenario.EventsAsync()).Where(e => e.MessageId.StartsWith("rot-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["rot-1", "rot-2", "rot-4"], stored.Select(e => e.MessageId));
        Assert.All(stored, e => Assert.Equal(_sourceId, e.SourceId));
        var keys = (await _api.GetFromJsonAsync<JsonElement>(Route("sources"))).EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == _sourceId).GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Single(keys, k => k.GetProperty("revokedAtUtc").ValueKind == JsonValueKind.Null);
    }

    private static async Task<List<string>> ReadColumnAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            if (!reader.IsDBNull(0))
            {
                values.Add(reader.GetString(0));
            }
        }

        return values;
    }
}
