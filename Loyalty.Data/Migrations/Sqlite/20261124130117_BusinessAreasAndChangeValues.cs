using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
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
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Changes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                UPDATE "AuditChangeValues" SET "ErasedAt" = strftime('%Y-%m-%d %H:%M:%S', 'now'),
                  "Changes" = (SELECT json_group_array(json_object('field', json_extract(j.value, '$.field'), 'old', NULL, 'new', NULL))
                               FROM json_each("AuditChangeValues"."Changes") j)
                WHERE "ErasedAt" IS NULL AND "CustomerId" IN (SELECT "CustomerId" FROM "AuditEvents" WHERE "Kind" = 'customer.deleted');
                """);

            migrationBuilder.DropColumn(
                name: "Changes",
                table: "AuditEvents");

            migrationBuilder.CreateTable(
                name: "BusinessAreas",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    NameRu = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    IsManufacturer = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false)
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
                type: "TEXT",
                maxLength: 4000,
                nullable: true);
        }
    }
}
