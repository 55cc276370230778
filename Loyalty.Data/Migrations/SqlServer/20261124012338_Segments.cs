using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Segments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomerProfiles",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Purchases30 = table.Column<int>(type: "int", nullable: false),
                    Spend30 = table.Column<long>(type: "bigint", nullable: false),
                    Purchases90 = table.Column<int>(type: "int", nullable: false),
                    Spend90 = table.Column<long>(type: "bigint", nullable: false),
                    Purchases365 = table.Column<int>(type: "int", nullable: false),
                    Spend365 = table.Column<long>(type: "bigint", nullable: false),
                    PurchasesTotal = table.Column<int>(type: "int", nullable: false),
                    SpendTotal = table.Column<long>(type: "bigint", nullable: false),
                    FirstPurchaseAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastPurchaseAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AverageTicket = table.Column<long>(type: "bigint", nullable: false),
                    FavouriteStoreId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FavouriteCategory = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Recency = table.Column<byte>(type: "tinyint", nullable: false),
                    Frequency = table.Column<byte>(type: "tinyint", nullable: false),
                    Monetary = table.Column<byte>(type: "tinyint", nullable: false),
                    Segment = table.Column<int>(type: "int", nullable: true),
                    PreviousSegment = table.Column<int>(type: "int", nullable: true),
                    ScoredOn = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CalculatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerProfiles", x => new { x.PartnerId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_CustomerProfiles_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RfmSegmentSizes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Day = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Segment = table.Column<int>(type: "int", nullable: false),
                    Customers = table.Column<int>(type: "int", nullable: false),
                    Spend365 = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RfmSegmentSizes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RfmTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Day = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FromSegment = table.Column<int>(type: "int", nullable: false),
                    ToSegment = table.Column<int>(type: "int", nullable: false),
                    Customers = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RfmTransitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Segments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OwnerPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    RulesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Members = table.Column<int>(type: "int", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Segments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Segments_Partners_OwnerPartnerId",
                        column: x => x.OwnerPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SegmentMembers",
                columns: table => new
                {
                    SegmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentMembers", x => new { x.SegmentId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_SegmentMembers_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SegmentMembers_Segments_SegmentId",
                        column: x => x.SegmentId,
                        principalTable: "Segments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_CustomerId",
                table: "CustomerProfiles",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_Segment",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "Segment" });

            migrationBuilder.CreateIndex(
                name: "IX_RfmSegmentSizes_PartnerId_Day_Segment",
                table: "RfmSegmentSizes",
                columns: new[] { "PartnerId", "Day", "Segment" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RfmTransitions_PartnerId_Day_FromSegment_ToSegment",
                table: "RfmTransitions",
                columns: new[] { "PartnerId", "Day", "FromSegment", "ToSegment" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SegmentMembers_CustomerId",
                table: "SegmentMembers",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Segments_OwnerPartnerId_Name",
                table: "Segments",
                columns: new[] { "OwnerPartnerId", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerProfiles");

            migrationBuilder.DropTable(
                name: "RfmSegmentSizes");

            migrationBuilder.DropTable(
                name: "RfmTransitions");

            migrationBuilder.DropTable(
                name: "SegmentMembers");

            migrationBuilder.DropTable(
                name: "Segments");
        }
    }
}
