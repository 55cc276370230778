using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PurchaseIndexesForTheCabinet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_OccurredAt",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount",
                table: "Purchases",
                columns: new[] { "PartnerId", "OccurredAt", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_PurchaseItems_Sku_PurchaseId",
                table: "PurchaseItems",
                columns: new[] { "Sku", "PurchaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_PurchaseItems_Sku_PurchaseId",
                table: "PurchaseItems");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_OccurredAt",
                table: "Purchases",
                columns: new[] { "PartnerId", "OccurredAt" });
        }
    }
}
