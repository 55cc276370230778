using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContestCertificatePrizes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateTemplateId",
                table: "ContestPrizes");

            migrationBuilder.AddColumn<Guid>(
                name: "CertificateId",
                table: "ContestWinners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CertificateValidDays",
                table: "ContestPrizes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateId",
                table: "ContestWinners");

            migrationBuilder.DropColumn(
                name: "CertificateValidDays",
                table: "ContestPrizes");

            migrationBuilder.AddColumn<Guid>(
                name: "CertificateTemplateId",
                table: "ContestPrizes",
                type: "TEXT",
                nullable: true);
        }
    }
}
