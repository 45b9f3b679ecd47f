using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeanEventIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_RecordKey",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_Status_Id",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_UserId",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_ReceivedAtUtc",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_RecordKey",
                table: "Events",
                columns: new[] { "CustomerId", "RecordKey" },
                filter: "\"RecordKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_Status_Id",
                table: "Events",
                columns: new[] { "CustomerId", "Status", "Id" },
                filter: "\"Status\" = 'Failed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_RecordKey",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_Status_Id",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_RecordKey",
                table: "Events",
                columns: new[] { "CustomerId", "RecordKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_Status_Id",
                table: "Events",
                columns: new[] { "CustomerId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_UserId",
                table: "Events",
                columns: new[] { "CustomerId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ReceivedAtUtc",
                table: "Events",
                column: "ReceivedAtUtc");
        }
    }
}
