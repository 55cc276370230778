using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CustomerGridIndexes : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Spend365",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Spend365" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_PhoneReversed",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_Spend365",
                table: "CustomerProfiles");

            migrationBuilder.DropColumn(
                name: "PhoneReversed",
                table: "Customers");
        }
    }
}
