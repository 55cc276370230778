using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CustomerProfilesClustered : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_FirstPurchaseAt",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "FirstPurchaseAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_FirstPurchaseAt",
                table: "CustomerProfiles");
        }
    }
}
