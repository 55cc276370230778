using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NightlyRfmIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_OccurredAt",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment",
                table: "CustomerProfiles");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_OccurredAt_PartnerId_CustomerId_Amount_RefundedAmount",
                table: "Purchases",
                columns: new[] { "OccurredAt", "PartnerId", "CustomerId", "Amount", "RefundedAmount" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment_Spend365",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Segment", "Spend365" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_OccurredAt_PartnerId_CustomerId_Amount_RefundedAmount",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment_Spend365",
                table: "CustomerProfiles");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_OccurredAt",
                table: "Purchases",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Segment" });
        }
    }
}
