using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EventDedupeLedByCustomer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_SourceId_MessageId",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_SourceId_MessageId",
                table: "Events",
                columns: new[] { "CustomerId", "SourceId", "MessageId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_SourceId_MessageId",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_SourceId_MessageId",
                table: "Events",
                columns: new[] { "SourceId", "MessageId" },
                unique: true);
        }
    }
}
