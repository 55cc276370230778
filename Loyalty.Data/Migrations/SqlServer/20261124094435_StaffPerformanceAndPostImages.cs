using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StaffPerformanceAndPostImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Cashier",
                table: "Purchases",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ImageAt",
                table: "PartnerPosts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AnonymousReceipts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StoreId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TerminalId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Cashier = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnonymousReceipts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnonymousReceipts_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AnonymousReceipts_PosTerminals_TerminalId",
                        column: x => x.TerminalId,
                        principalTable: "PosTerminals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AnonymousReceipts_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerPostImages",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Size = table.Column<int>(type: "int", nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerPostImages", x => x.PostId);
                    table.ForeignKey(
                        name: "FK_PartnerPostImages_PartnerPosts_PostId",
                        column: x => x.PostId,
                        principalTable: "PartnerPosts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnonymousReceipts_PartnerId_OccurredAt",
                table: "AnonymousReceipts",
                columns: new[] { "PartnerId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnonymousReceipts_StoreId",
                table: "AnonymousReceipts",
                column: "StoreId");

            migrationBuilder.CreateIndex(
                name: "IX_AnonymousReceipts_TerminalId",
                table: "AnonymousReceipts",
                column: "TerminalId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnonymousReceipts");

            migrationBuilder.DropTable(
                name: "PartnerPostImages");

            migrationBuilder.DropColumn(
                name: "Cashier",
                table: "Purchases");

            migrationBuilder.DropColumn(
                name: "ImageAt",
                table: "PartnerPosts");
        }
    }
}
