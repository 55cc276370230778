using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BusinessAreasAndChangeValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditChangeValues",
                columns: table => new
                {
                    EventId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Changes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChangeValues", x => x.EventId);
                    table.ForeignKey(
                        name: "FK_AuditChangeValues_AuditEvents_EventId",
                        column: x => x.EventId,
                        principalTable: "AuditEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Hand-written (0181): the recorded old → new values move to their own table before the column goes, and
            // members who had already deleted their account lose theirs.
            migrationBuilder.Sql("""
                INSERT INTO "AuditChangeValues" ("EventId", "CustomerId", "Changes", "ErasedAt")
                SELECT "Id", "CustomerId", "Changes", NULL FROM "AuditEvents" WHERE "Changes" IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE v SET ErasedAt = SYSUTCDATETIME(),
                  Changes = (SELECT JSON_VALUE(j.value, '$.field') AS [field], NULL AS [old], NULL AS [new]
                             FROM OPENJSON(v.Changes) j FOR JSON PATH, INCLUDE_NULL_VALUES)
                FROM AuditChangeValues v
                WHERE v.ErasedAt IS NULL AND v.CustomerId IN (SELECT CustomerId FROM AuditEvents WHERE Kind = 'customer.deleted');
                """);

            migrationBuilder.DropColumn(
                name: "Changes",
                table: "AuditEvents");

            migrationBuilder.CreateTable(
                name: "BusinessAreas",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    NameRu = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    IsManufacturer = table.Column<bool>(type: "bit", nullable: false),
                    IsArchived = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessAreas", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Partners_Area",
                table: "Partners",
                column: "Area");

            migrationBuilder.CreateIndex(
                name: "IX_AuditChangeValues_CustomerId",
                table: "AuditChangeValues",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditChangeValues");

            migrationBuilder.DropTable(
                name: "BusinessAreas");

            migrationBuilder.DropIndex(
                name: "IX_Partners_Area",
                table: "Partners");

            migrationBuilder.AddColumn<string>(
                name: "Changes",
                table: "AuditEvents",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);
        }
    }
}
