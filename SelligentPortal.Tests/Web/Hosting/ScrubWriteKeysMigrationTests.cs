using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence.Sqlite.Migrations;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>Write keys stored in raw payloads before ingestion left them out are removed by a migration.</summary>
public class ScrubWriteKeysMigrationTests
{
    [Fact]
    public async Task Migration_IsApplied_AndRemovesStoredKeysOnly()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        await using var db = scenario.Db();
        Assert.Contains("20261204070000_ScrubWriteKeysFromRawPayloads", await db.Database.GetAppliedMigrationsAsync());

        // As a payload stored before the change, beside one that only mentions the word.
        db.Events.AddRange(
            Event(scenario, "old", "{\"writeKey\":\"spk_secret\",\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}"),
            Event(scenario, "mention", "{\"type\":\"track\",\"event\":\"writeKey rotated\",\"userId\":\"u\"}"));
        await db.SaveChangesAsync();

        await db.Database.ExecuteSqlRawAsync(ScrubWriteKeysFromRawPayloads.Statement);

        var payloads = await db.Events.AsNoTracking().ToDictionaryAsync(e => e.MessageId, e => e.RawPayload);
        Assert.DoesNotContain("spk_secret", payloads["old"]);
        Assert.Contains("\"event\":\"E\"", payloads["old"]);
        Assert.Equal("{\"type\":\"track\",\"event\":\"writeKey rotated\",\"userId\":\"u\"}", payloads["mention"]);
    }

    private static IngestedEvent Event(IngestionScenario scenario, string messageId, string raw) => new()
    {
        CustomerId = scenario.CustomerId,
        SourceId = scenario.SourceId,
        MessageId = messageId,
        Type = "track",
        ReceivedAtUtc = DateTime.UtcNow,
        Status = EventStatus.Applied,
        RawPayload = raw,
    };
}
