using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EventEnvelopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EnvelopeId",
                table: "Events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EventEnvelopes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventEnvelopes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EventEnvelopes_ReceivedAtUtc",
                table: "EventEnvelopes",
                column: "ReceivedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EventEnvelopes");

            migrationBuilder.DropColumn(
                name: "EnvelopeId",
                table: "Events");
        }
    }
}
