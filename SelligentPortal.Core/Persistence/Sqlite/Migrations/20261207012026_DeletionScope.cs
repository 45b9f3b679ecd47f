using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SelligentPortal.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeletionScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsServerSide",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Events_CustomerId_UserId",
                table: "Events",
                columns: new[] { "CustomerId", "UserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_CustomerId_UserId",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "IsServerSide",
                table: "Sources");
        }
    }
}
