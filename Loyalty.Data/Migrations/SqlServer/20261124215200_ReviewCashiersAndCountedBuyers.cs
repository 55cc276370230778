using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SpendTotal",
                table: "RfmSegmentSizes",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Cashier",
                table: "Reviews",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PurchasedAt",
                table: "Reviews",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "ClosedDaysBuyers",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PreviousFrom = table.Column<DateTime>(type: "datetime2", nullable: false),
                    From = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Through = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Receipts = table.Column<int>(type: "int", nullable: false),
                    Active = table.Column<int>(type: "int", nullable: false),
                    Repeaters = table.Column<int>(type: "int", nullable: false),
                    PreviousActive = table.Column<int>(type: "int", nullable: false),
                    Churned = table.Column<int>(type: "int", nullable: false),
                    CountedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
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
                UPDATE r SET r.[PurchasedAt] = p.[OccurredAt], r.[Cashier] = p.[Cashier]
                FROM [Reviews] r INNER JOIN [Purchases] p ON p.[Id] = r.[PurchaseId];
                """);
            migrationBuilder.Sql("""
                UPDATE s SET s.[SpendTotal] = x.[Spend], s.[PurchasesTotal] = x.[Purchases]
                FROM [RfmSegmentSizes] s
                INNER JOIN (SELECT cp.[PartnerId], cp.[Segment], SUM(cp.[SpendTotal]) AS [Spend], SUM(CAST(cp.[PurchasesTotal] AS bigint)) AS [Purchases]
                    FROM [CustomerProfiles] cp WHERE cp.[Segment] IS NOT NULL GROUP BY cp.[PartnerId], cp.[Segment]) x
                    ON x.[PartnerId] = s.[PartnerId] AND x.[Segment] = s.[Segment]
                WHERE s.[Day] = (SELECT MAX(d.[Day]) FROM [RfmSegmentSizes] d WHERE d.[PartnerId] = s.[PartnerId]);
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
