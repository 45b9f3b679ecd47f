using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IngestionMinuteStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IngestionMinuteStats",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MinuteUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    Applied = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Duplicate = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    LatencySumMs = table.Column<double>(type: "REAL", nullable: false),
                    LatencyCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LatencyMaxMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestionMinuteStats", x => new { x.CustomerId, x.MinuteUtc });
                });

            migrationBuilder.CreateIndex(
                name: "IX_IngestionMinuteStats_MinuteUtc",
                table: "IngestionMinuteStats",
                column: "MinuteUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IngestionMinuteStats");
        }
    }
}
