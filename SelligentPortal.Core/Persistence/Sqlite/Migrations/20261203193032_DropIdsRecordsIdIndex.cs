using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DropIdsRecordsIdIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IdsRecords_CustomerId_Id",
                table: "IdsRecords");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_IdsRecords_CustomerId_Id",
                table: "IdsRecords",
                columns: new[] { "CustomerId", "Id" });
        }
    }
}
