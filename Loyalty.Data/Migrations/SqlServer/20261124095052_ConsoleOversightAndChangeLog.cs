using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ConsoleOversightAndChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Changes",
                table: "AuditEvents",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Spend365",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Spend365" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_Spend365",
                table: "CustomerProfiles");

            migrationBuilder.DropColumn(
                name: "Changes",
                table: "AuditEvents");
        }
    }
}
