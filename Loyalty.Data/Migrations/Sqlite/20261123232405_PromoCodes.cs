using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PromoCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CodeBlocks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    FromSerial = table.Column<int>(type: "INTEGER", nullable: false),
                    ToSerial = table.Column<int>(type: "INTEGER", nullable: false),
                    Codes = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    BlockedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CodeBlocks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GuessCounters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Subject = table.Column<byte>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FailuresInWindow = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowStartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TotalFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    Lockouts = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstFailureAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuessCounters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MobileOperators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GatewayCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Prefixes = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MobileOperators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Brand = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PointsPerCode = table.Column<int>(type: "INTEGER", nullable: false),
                    PhotoUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Products_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PromoActivations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CodeId = table.Column<long>(type: "INTEGER", nullable: false),
                    BatchNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<byte>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActivatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoActivations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromoActivations_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PromoCodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 16, nullable: false),
                    Status = table.Column<byte>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoCodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TopUpRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MobileOperatorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OperatorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ReserveTransferId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProviderReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopUpRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TopUpRequests_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CodeApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CodeApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CodeApplications_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CodeApplications_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CodeBatches",
                columns: table => new
                {
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    ChunkSize = table.Column<int>(type: "INTEGER", nullable: false),
                    ChunksDone = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    GeneratedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ShippedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CodeBatches", x => x.Number);
                    table.ForeignKey(
                        name: "FK_CodeBatches_CodeApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "CodeApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CodeBatches_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CodeBatches_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CodeApplications_PartnerId_SubmittedAt",
                table: "CodeApplications",
                columns: new[] { "PartnerId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CodeApplications_ProductId",
                table: "CodeApplications",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_CodeApplications_Status_SubmittedAt",
                table: "CodeApplications",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CodeBatches_ApplicationId",
                table: "CodeBatches",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CodeBatches_PartnerId",
                table: "CodeBatches",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_CodeBatches_ProductId",
                table: "CodeBatches",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_CodeBatches_Status",
                table: "CodeBatches",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_CodeBlocks_BatchNumber",
                table: "CodeBlocks",
                column: "BatchNumber");

            migrationBuilder.CreateIndex(
                name: "IX_GuessCounters_Key_Subject",
                table: "GuessCounters",
                columns: new[] { "Key", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GuessCounters_LockedUntil",
                table: "GuessCounters",
                column: "LockedUntil");

            migrationBuilder.CreateIndex(
                name: "IX_GuessCounters_TotalFailures",
                table: "GuessCounters",
                column: "TotalFailures");

            migrationBuilder.CreateIndex(
                name: "IX_Products_PartnerId_Sku",
                table: "Products",
                columns: new[] { "PartnerId", "Sku" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromoActivations_ActivatedOn",
                table: "PromoActivations",
                column: "ActivatedOn");

            migrationBuilder.CreateIndex(
                name: "IX_PromoActivations_BatchNumber",
                table: "PromoActivations",
                column: "BatchNumber");

            migrationBuilder.CreateIndex(
                name: "IX_PromoActivations_CodeId",
                table: "PromoActivations",
                column: "CodeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromoActivations_CustomerId",
                table: "PromoActivations",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_PromoActivations_PartnerId_ActivatedOn",
                table: "PromoActivations",
                columns: new[] { "PartnerId", "ActivatedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PromoCodes_Hash",
                table: "PromoCodes",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TopUpRequests_CompletedAt",
                table: "TopUpRequests",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TopUpRequests_CreatedAt",
                table: "TopUpRequests",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TopUpRequests_CustomerId",
                table: "TopUpRequests",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_TopUpRequests_Status_NextAttemptAt",
                table: "TopUpRequests",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CodeBatches");

            migrationBuilder.DropTable(
                name: "CodeBlocks");

            migrationBuilder.DropTable(
                name: "GuessCounters");

            migrationBuilder.DropTable(
                name: "MobileOperators");

            migrationBuilder.DropTable(
                name: "PromoActivations");

            migrationBuilder.DropTable(
                name: "PromoCodes");

            migrationBuilder.DropTable(
                name: "TopUpRequests");

            migrationBuilder.DropTable(
                name: "CodeApplications");

            migrationBuilder.DropTable(
                name: "Products");
        }
    }
}
