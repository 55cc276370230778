using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Messaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The old table only logged sign-in SMS (the codes themselves live in OneTimeCodes). Its Guid key becomes a
            // sequential bigint for the outbox, which existing rows cannot be converted to, so the log starts afresh.
            migrationBuilder.Sql("DELETE FROM \"OutgoingMessages\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OutgoingMessages",
                table: "OutgoingMessages");

            migrationBuilder.RenameTable(
                name: "OutgoingMessages",
                newName: "Messages");

            migrationBuilder.RenameIndex(
                name: "IX_OutgoingMessages_ProviderMessageId",
                table: "Messages",
                newName: "IX_Messages_ProviderMessageId");

            migrationBuilder.RenameIndex(
                name: "IX_OutgoingMessages_CreatedAt",
                table: "Messages",
                newName: "IX_Messages_CreatedAt");

            migrationBuilder.AlterColumn<string>(
                name: "Body",
                table: "Messages",
                type: "nvarchar(max)",
                maxLength: 22000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)");

            // SQL Server cannot turn a column into an identity: drop the old key column and add the new one.
            migrationBuilder.DropColumn(
                name: "Id",
                table: "Messages");

            migrationBuilder.AddColumn<long>(
                name: "Id",
                table: "Messages",
                type: "bigint",
                nullable: false)
                .Annotation("SqlServer:Identity", "1, 1");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Messages",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClickedAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CustomerId",
                table: "Messages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveredAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ErrorCode",
                table: "Messages",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsTest",
                table: "Messages",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "LeaseOwner",
                table: "Messages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntil",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MailingId",
                table: "Messages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "Messages",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "OpenedAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerPartnerId",
                table: "Messages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReadAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SentAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UnsubscribedAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_Messages",
                table: "Messages",
                column: "Id");

            migrationBuilder.CreateTable(
                name: "Mailings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OwnerPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Name = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Body = table.Column<string>(type: "nvarchar(max)", maxLength: 20000, nullable: false),
                    Offer = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    AudienceKind = table.Column<int>(type: "int", nullable: false),
                    AudienceJson = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    ScheduledAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    QueuedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RecipientCount = table.Column<int>(type: "int", nullable: false),
                    ConversionWindowDays = table.Column<int>(type: "int", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mailings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Mailings_Partners_OwnerPartnerId",
                        column: x => x.OwnerPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "PartnerSubscriptions",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubscribedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerSubscriptions", x => new { x.CustomerId, x.PartnerId });
                    table.ForeignKey(
                        name: "FK_PartnerSubscriptions_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PartnerSubscriptions_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CustomerId_Channel_Status",
                table: "Messages",
                columns: new[] { "CustomerId", "Channel", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_MailingId_CustomerId",
                table: "Messages",
                columns: new[] { "MailingId", "CustomerId" },
                unique: true,
                filter: "[MailingId] IS NOT NULL AND [CustomerId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_OwnerPartnerId_Id",
                table: "Messages",
                columns: new[] { "OwnerPartnerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_Id",
                table: "Messages",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mailings_OwnerPartnerId_CreatedAt",
                table: "Mailings",
                columns: new[] { "OwnerPartnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Mailings_Status_ScheduledAt",
                table: "Mailings",
                columns: new[] { "Status", "ScheduledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSubscriptions_PartnerId",
                table: "PartnerSubscriptions",
                column: "PartnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_Messages_Customers_CustomerId",
                table: "Messages",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_Messages_Mailings_MailingId",
                table: "Messages",
                column: "MailingId",
                principalTable: "Mailings",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Messages_Customers_CustomerId",
                table: "Messages");

            migrationBuilder.DropForeignKey(
                name: "FK_Messages_Mailings_MailingId",
                table: "Messages");

            migrationBuilder.DropTable(
                name: "Mailings");

            migrationBuilder.DropTable(
                name: "PartnerSubscriptions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Messages",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_CustomerId_Channel_Status",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_MailingId_CustomerId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_OwnerPartnerId_Id",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_Id",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ClickedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "CustomerId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "DeliveredAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ErrorCode",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "IsTest",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "MailingId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "OpenedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "OwnerPartnerId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ReadAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SentAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "UnsubscribedAt",
                table: "Messages");

            migrationBuilder.RenameTable(
                name: "Messages",
                newName: "OutgoingMessages");

            migrationBuilder.RenameIndex(
                name: "IX_Messages_ProviderMessageId",
                table: "OutgoingMessages",
                newName: "IX_OutgoingMessages_ProviderMessageId");

            migrationBuilder.RenameIndex(
                name: "IX_Messages_CreatedAt",
                table: "OutgoingMessages",
                newName: "IX_OutgoingMessages_CreatedAt");

            migrationBuilder.AlterColumn<string>(
                name: "Body",
                table: "OutgoingMessages",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldMaxLength: 22000,
                oldNullable: true);

            migrationBuilder.Sql("DELETE FROM [OutgoingMessages];");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "OutgoingMessages");

            migrationBuilder.AddColumn<Guid>(
                name: "Id",
                table: "OutgoingMessages",
                type: "uniqueidentifier",
                nullable: false);

            migrationBuilder.AddPrimaryKey(
                name: "PK_OutgoingMessages",
                table: "OutgoingMessages",
                column: "Id");
        }
    }
}
