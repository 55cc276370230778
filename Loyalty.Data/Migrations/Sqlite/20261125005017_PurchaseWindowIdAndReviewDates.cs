using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PurchaseWindowIdAndReviewDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount_RefundedAmount_CustomerId",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PartnerId_CreatedAt",
                table: "Reviews",
                columns: new[] { "PartnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount_RefundedAmount_CustomerId_Id",
                table: "Purchases",
                columns: new[] { "PartnerId", "OccurredAt", "Amount", "RefundedAmount", "CustomerId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reviews_PartnerId_CreatedAt",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount_RefundedAmount_CustomerId_Id",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount_RefundedAmount_CustomerId",
                table: "Purchases",
                columns: new[] { "PartnerId", "OccurredAt", "Amount", "RefundedAmount", "CustomerId" });
        }
    }
}
