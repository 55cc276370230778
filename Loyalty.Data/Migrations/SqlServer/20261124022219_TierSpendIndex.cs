using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TierSpendIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_CustomerId_OccurredAt",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_CustomerId_OccurredAt_Currency_Amount_RefundedAmount",
                table: "Purchases",
                columns: new[] { "CustomerId", "OccurredAt", "Currency", "Amount", "RefundedAmount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_CustomerId_OccurredAt_Currency_Amount_RefundedAmount",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_CustomerId_OccurredAt",
                table: "Purchases",
                columns: new[] { "CustomerId", "OccurredAt" });
        }
    }
}
