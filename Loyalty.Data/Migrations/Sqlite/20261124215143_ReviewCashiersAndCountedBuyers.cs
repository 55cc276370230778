using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewCashiersAndCountedBuyers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment_Spend365",
                table: "CustomerProfiles");

            migrationBuilder.AddColumn<long>(
                name: "PurchasesTotal",
                table: "RfmSegmentSizes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SpendTotal",
                table: "RfmSegmentSizes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Cashier",
                table: "Reviews",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PurchasedAt",
                table: "Reviews",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "ClosedDaysBuyers",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviousFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    From = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Through = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Receipts = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<int>(type: "INTEGER", nullable: false),
                    Repeaters = table.Column<int>(type: "INTEGER", nullable: false),
                    PreviousActive = table.Column<int>(type: "INTEGER", nullable: false),
                    Churned = table.Column<int>(type: "INTEGER", nullable: false),
                    CountedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClosedDaysBuyers", x => new { x.PartnerId, x.From, x.Through, x.PreviousFrom });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_PartnerId_PurchasedAt_Status_Cashier_Rating",
                table: "Reviews",
                columns: new[] { "PartnerId", "PurchasedAt", "Status", "Cashier", "Rating" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment_Spend365_SpendTotal_PurchasesTotal",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Segment", "Spend365", "SpendTotal", "PurchasesTotal" });

            // Hand-written (0250): existing reviews take their receipt's time and cashier; the latest scoring's segment sizes
            // take the lifetime sums of today's profiles (older days keep 0: those sums were never kept).
            migrationBuilder.Sql("""
                UPDATE "Reviews" SET "PurchasedAt" = (SELECT p."OccurredAt" FROM "Purchases" p WHERE p."Id" = "Reviews"."PurchaseId"),
                    "Cashier" = (SELECT p."Cashier" FROM "Purchases" p WHERE p."Id" = "Reviews"."PurchaseId");
                """);
            migrationBuilder.Sql("""
                UPDATE "RfmSegmentSizes" SET
                    "SpendTotal" = COALESCE((SELECT SUM(cp."SpendTotal") FROM "CustomerProfiles" cp WHERE cp."PartnerId" = "RfmSegmentSizes"."PartnerId" AND cp."Segment" = "RfmSegmentSizes"."Segment"), 0),
                    "PurchasesTotal" = COALESCE((SELECT SUM(cp."PurchasesTotal") FROM "CustomerProfiles" cp WHERE cp."PartnerId" = "RfmSegmentSizes"."PartnerId" AND cp."Segment" = "RfmSegmentSizes"."Segment"), 0)
                WHERE "Day" = (SELECT MAX(s."Day") FROM "RfmSegmentSizes" s WHERE s."PartnerId" = "RfmSegmentSizes"."PartnerId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClosedDaysBuyers");

            migrationBuilder.DropIndex(
                name: "IX_Reviews_PartnerId_PurchasedAt_Status_Cashier_Rating",
                table: "Reviews");

            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment_Spend365_SpendTotal_PurchasesTotal",
                table: "CustomerProfiles");

            migrationBuilder.DropColumn(
                name: "PurchasesTotal",
                table: "RfmSegmentSizes");

            migrationBuilder.DropColumn(
                name: "SpendTotal",
                table: "RfmSegmentSizes");

            migrationBuilder.DropColumn(
                name: "Cashier",
                table: "Reviews");

            migrationBuilder.DropColumn(
                name: "PurchasedAt",
                table: "Reviews");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment_Spend365",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Segment", "Spend365" });
        }
    }
}
