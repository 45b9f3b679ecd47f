using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations;

/// <summary>
/// Data only: a write key sent in an event's body (browsers' text/plain calls) was kept in the event
/// log's raw payload until 2026-12-04. Ingestion now leaves it out; this removes the ones already stored.
/// </summary>
[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261204070000_ScrubWriteKeysFromRawPayloads")]
public sealed class ScrubWriteKeysFromRawPayloads : Migration
{
    /// <summary>Only valid JSON objects that carry the key are rewritten (SQLite's json_remove).</summary>
    public const string Statement = """
        UPDATE "Events" SET "RawPayload" = json_remove("RawPayload", '$.writeKey')
        WHERE "RawPayload" LIKE '%writeKey%' AND json_valid("RawPayload") AND json_type("RawPayload", '$.writeKey') IS NOT NULL;
        """;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Statement);

    // The keys are gone for good: there is nothing to put back.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
