using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: true,
                computedColumnSql: "substr(\"Phone\", -1, 1) || substr(\"Phone\", -2, 1) || substr(\"Phone\", -3, 1) || substr(\"Phone\", -4, 1) || substr(\"Phone\", -5, 1) || substr(\"Phone\", -6, 1) || substr(\"Phone\", -7, 1) || substr(\"Phone\", -8, 1) || substr(\"Phone\", -9, 1) || substr(\"Phone\", -10, 1) || substr(\"Phone\", -11, 1) || substr(\"Phone\", -12, 1) || substr(\"Phone\", -13, 1) || substr(\"Phone\", -14, 1) || substr(\"Phone\", -15, 1) || substr(\"Phone\", -16, 1)",
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
