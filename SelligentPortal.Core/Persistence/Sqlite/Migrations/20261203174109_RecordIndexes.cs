using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RecordIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_IdsRecords_CustomerId_UpdatedAtUtc",
                table: "IdsRecords",
                columns: new[] { "CustomerId", "UpdatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IdsRecords_CustomerId_UpdatedAtUtc",
                table: "IdsRecords");
        }
    }
}
