using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FirstPurchaseDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FirstPurchaseDays",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Members = table.Column<int>(type: "int", nullable: false),
                    Revenue = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirstPurchaseDays", x => new { x.PartnerId, x.Day });
                });

            // The new roll-up starts with the others: every roll-up is cleared and the receipts unmarked, so the next run of the
            // minute job builds them all from the history together (0230) and no figure mixes a rolled-up and an empty table.
            migrationBuilder.Sql("DELETE FROM [SalesDays]");
            migrationBuilder.Sql("DELETE FROM [CategoryDays]");
            migrationBuilder.Sql("DELETE FROM [BuyerCounts]");
            migrationBuilder.Sql("DELETE FROM [CohortCells]");
            migrationBuilder.Sql("UPDATE [Purchases] SET [RolledUpAt] = NULL WHERE [RolledUpAt] IS NOT NULL");
            migrationBuilder.Sql("UPDATE [Refunds] SET [RolledUpAt] = NULL WHERE [RolledUpAt] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_Redeemed",
                table: "Certificates",
                columns: new[] { "RedeemedAt", "PurchaseId" },
                filter: "\"RedeemedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FirstPurchaseDays");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_Redeemed",
                table: "Certificates");
        }
    }
}
