using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalyticsRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RolledUpAt",
                table: "Refunds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RolledUpAt",
                table: "Purchases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BuyerCounts",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Granularity = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Buyers = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BuyerCounts", x => new { x.PartnerId, x.Granularity, x.Start });
                });

            migrationBuilder.CreateTable(
                name: "CategoryDays",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Receipts = table.Column<int>(type: "INTEGER", nullable: false),
                    Revenue = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CategoryDays", x => new { x.PartnerId, x.Day, x.Category });
                });

            migrationBuilder.CreateTable(
                name: "CohortCells",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cohort = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Buyers = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CohortCells", x => new { x.PartnerId, x.Cohort, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "SalesDays",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StoreId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TerminalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cashier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Receipts = table.Column<int>(type: "INTEGER", nullable: false),
                    Revenue = table.Column<long>(type: "INTEGER", nullable: false),
                    Earned = table.Column<long>(type: "INTEGER", nullable: false),
                    Redeemed = table.Column<long>(type: "INTEGER", nullable: false),
                    Discounts = table.Column<long>(type: "INTEGER", nullable: false),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesDays", x => new { x.PartnerId, x.Day, x.StoreId, x.TerminalId, x.Cashier });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_NotRolledUp",
                table: "Refunds",
                column: "RolledUpAt",
                filter: "\"RolledUpAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_NotRolledUp",
                table: "Purchases",
                column: "RolledUpAt",
                filter: "\"RolledUpAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_PartnerId_CustomerId_OccurredAt",
                table: "Purchases",
                columns: new[] { "PartnerId", "CustomerId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BuyerCounts");

            migrationBuilder.DropTable(
                name: "CategoryDays");

            migrationBuilder.DropTable(
                name: "CohortCells");

            migrationBuilder.DropTable(
                name: "SalesDays");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_NotRolledUp",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Purchases_NotRolledUp",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_Purchases_PartnerId_CustomerId_OccurredAt",
                table: "Purchases");

            migrationBuilder.DropColumn(
                name: "RolledUpAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "RolledUpAt",
                table: "Purchases");
        }
    }
}
