using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CabinetAnalyticsAtAMillion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount_RefundedAmount_CustomerId",
                table: "Purchases",
                columns: new[] { "PartnerId", "OccurredAt", "Amount", "RefundedAmount", "CustomerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount_RefundedAmount_CustomerId",
                table: "Purchases");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_OccurredAt_Amount",
                table: "Purchases",
                columns: new[] { "PartnerId", "OccurredAt", "Amount" });
        }
    }
}
