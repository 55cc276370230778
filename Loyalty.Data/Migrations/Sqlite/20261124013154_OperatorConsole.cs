using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperatorConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PointValueMinor",
                table: "Partners",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "RejectionReason",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedAt",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SettlementFeeBp",
                table: "Partners",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Settlements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PeriodStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    PointValueMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeBp = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuedPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    RedeemedPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    RedeemedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    NetAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PaidAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PaidBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PaymentReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Settlements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Settlements_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Settlements_PartnerId_PeriodStart",
                table: "Settlements",
                columns: new[] { "PartnerId", "PeriodStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Settlements_PeriodStart_Status",
                table: "Settlements",
                columns: new[] { "PeriodStart", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Settlements");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "PointValueMinor",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "RejectionReason",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "SettlementFeeBp",
                table: "Partners");
        }
    }
}
