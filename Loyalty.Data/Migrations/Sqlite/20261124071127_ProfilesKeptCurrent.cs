using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProfilesKeptCurrent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ProfiledAt",
                table: "Refunds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProfiledAt",
                table: "Purchases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProfileStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowsAnchor = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RebuiltAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProfileStates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Unprofiled",
                table: "Refunds",
                column: "ProfiledAt",
                filter: "\"ProfiledAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_Unprofiled",
                table: "Purchases",
                column: "ProfiledAt",
                filter: "\"ProfiledAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_LastPurchaseAt_PurchasesTotal",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "LastPurchaseAt", "PurchasesTotal" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_PurchasesTotal",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "PurchasesTotal" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_SpendTotal_PurchasesTotal",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "SpendTotal", "PurchasesTotal" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProfileStates");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_Unprofiled",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Purchases_Unprofiled",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_LastPurchaseAt_PurchasesTotal",
                table: "CustomerProfiles");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_PurchasesTotal",
                table: "CustomerProfiles");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_SpendTotal_PurchasesTotal",
                table: "CustomerProfiles");

            migrationBuilder.DropColumn(
                name: "ProfiledAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ProfiledAt",
                table: "Purchases");
        }
    }
}
