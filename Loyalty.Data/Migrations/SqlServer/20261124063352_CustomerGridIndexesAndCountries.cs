using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CustomerGridIndexesAndCountries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_RegisteredAt",
                table: "Customers");

            migrationBuilder.CreateTable(
                name: "Countries",
                columns: table => new
                {
                    Code = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    DefaultPointValueMinor = table.Column<long>(type: "bigint", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Countries", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_City_FirstName",
                table: "Customers",
                columns: new[] { "City", "FirstName" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_City_LastName",
                table: "Customers",
                columns: new[] { "City", "LastName" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_RegisteredAt_Id",
                table: "Customers",
                columns: new[] { "RegisteredAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Countries");

            migrationBuilder.DropIndex(
                name: "IX_Customers_City_FirstName",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_City_LastName",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_RegisteredAt_Id",
                table: "Customers");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_RegisteredAt",
                table: "Customers",
                column: "RegisteredAt");
        }
    }
}
