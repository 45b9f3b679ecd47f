using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// Every Guid becomes its 16 bytes instead of 36 characters of text (SqlitePortalDbContext's
    /// conventions). The stored values are converted first, under deferred foreign keys since parents and
    /// children change in turn; the column rebuilds that follow copy them as they are.
    /// </summary>
    public partial class CompactGuidKeys : Migration
    {
        private static readonly (string Table, string Column)[] GuidColumns =
        [
            ("AspNetUsers", "CustomerId"),
            ("AuditEntries", "CustomerId"),
            ("ConfigurationDrafts", "CustomerId"),
            ("ConfigurationVersions", "CustomerId"),
            ("Customers", "Id"),
            ("EventEnvelopes", "CustomerId"),
            ("Events", "CustomerId"),
            ("Events", "SourceId"),
            ("IdsRecords", "CustomerId"),
            ("IngestionMinuteStats", "CustomerId"),
            ("InteractionRecords", "CustomerId"),
            ("PersonalAccessTokens", "Id"),
            ("PublishRequests", "CustomerId"),
            ("RegressionFixtures", "CustomerId"),
            ("RegressionFixtures", "Id"),
            ("RelationshipManagerAssignments", "CustomerId"),
            ("ShadowRunTallies", "CustomerId"),
            ("ShadowRuns", "CustomerId"),
            ("Sources", "CustomerId"),
            ("Sources", "Id"),
            ("WriteKeys", "CustomerId"),
            ("WriteKeys", "Id"),
            ("WriteKeys", "SourceId"),
        ];

        // Text "AABBCCDD-EEFF-GGHH-IIJJ-KKLLMMNNOOPP" to the bytes of Guid.ToByteArray():
        // the first three groups little-endian, the rest as written.
        private const string TextToBytes =
            "unhex(substr({0},7,2)||substr({0},5,2)||substr({0},3,2)||substr({0},1,2)||substr({0},12,2)||substr({0},10,2)" +
            "||substr({0},17,2)||substr({0},15,2)||substr({0},20,4)||substr({0},25,12))";

        private const string BytesToText =
            "hex(substr({0},4,1))||hex(substr({0},3,1))||hex(substr({0},2,1))||hex(substr({0},1,1))||'-'||hex(substr({0},6,1))" +
            "||hex(substr({0},5,1))||'-'||hex(substr({0},8,1))||hex(substr({0},7,1))||'-'||hex(substr({0},9,2))||'-'||hex(substr({0},11,6))";

        private static void Convert(MigrationBuilder migrationBuilder, string storedAs, string conversion)
        {
            migrationBuilder.Sql("PRAGMA defer_foreign_keys = ON;");
            foreach (var (table, column) in GuidColumns)
            {
                var quoted = $"\"{column}\"";
                migrationBuilder.Sql(
                    $"UPDATE \"{table}\" SET {quoted} = {string.Format(conversion, quoted)} WHERE typeof({quoted}) = '{storedAs}';");
            }
        }

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Convert(migrationBuilder, "text", TextToBytes);

            migrationBuilder.AlterColumn<byte[]>(
                name: "SourceId",
                table: "WriteKeys",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "WriteKeys",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Id",
                table: "WriteKeys",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "Sources",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Id",
                table: "Sources",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "ShadowRunTallies",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "ShadowRuns",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "RelationshipManagerAssignments",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "RegressionFixtures",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Id",
                table: "RegressionFixtures",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "PublishRequests",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Id",
                table: "PersonalAccessTokens",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "InteractionRecords",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "IngestionMinuteStats",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "IdsRecords",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "SourceId",
                table: "Events",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "Events",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "EventEnvelopes",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Id",
                table: "Customers",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "ConfigurationVersions",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "ConfigurationDrafts",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "AuditEntries",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<byte[]>(
                name: "CustomerId",
                table: "AspNetUsers",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Convert(migrationBuilder, "blob", BytesToText);

            migrationBuilder.AlterColumn<Guid>(
                name: "SourceId",
                table: "WriteKeys",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "WriteKeys",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "Id",
                table: "WriteKeys",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "Sources",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "Id",
                table: "Sources",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "ShadowRunTallies",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "ShadowRuns",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "RelationshipManagerAssignments",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "RegressionFixtures",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "Id",
                table: "RegressionFixtures",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "PublishRequests",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "Id",
                table: "PersonalAccessTokens",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "InteractionRecords",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "IngestionMinuteStats",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "IdsRecords",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "SourceId",
                table: "Events",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "Events",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "EventEnvelopes",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "Id",
                table: "Customers",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "ConfigurationVersions",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "ConfigurationDrafts",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "AuditEntries",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CustomerId",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);
        }
    }
}
