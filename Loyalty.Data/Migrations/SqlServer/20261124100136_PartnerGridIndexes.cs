using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PartnerGridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PhoneReversed",
                table: "Customers",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true,
                computedColumnSql: "REVERSE([Phone])",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_PhoneReversed",
                table: "Customers",
                column: "PhoneReversed");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_PhoneReversed",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "PhoneReversed",
                table: "Customers");
        }
    }
}
