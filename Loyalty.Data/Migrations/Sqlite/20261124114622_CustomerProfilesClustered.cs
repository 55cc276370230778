using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerProfilesClustered : Migration
    {
        private const string Columns = """
            "PartnerId", "CustomerId", "Purchases30", "Spend30", "Purchases90", "Spend90", "Purchases365", "Spend365", "PurchasesTotal", "SpendTotal", "FirstPurchaseAt", "LastPurchaseAt", "AverageTicket", "FavouriteStoreId", "FavouriteCategory", "Recency", "Frequency", "Monetary", "Segment", "PreviousSegment", "ScoredOn", "CalculatedAt"
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written (0190): the profiles are copied in key order, so that each partner's rows sit side by side in the
            // file and in the order of the primary key, and the indexes are rebuilt.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_CustomerProfiles" (
                    "PartnerId" TEXT NOT NULL,
                    "CustomerId" TEXT NOT NULL,
                    "Purchases30" INTEGER NOT NULL,
                    "Spend30" INTEGER NOT NULL,
                    "Purchases90" INTEGER NOT NULL,
                    "Spend90" INTEGER NOT NULL,
                    "Purchases365" INTEGER NOT NULL,
                    "Spend365" INTEGER NOT NULL,
                    "PurchasesTotal" INTEGER NOT NULL,
                    "SpendTotal" INTEGER NOT NULL,
                    "FirstPurchaseAt" TEXT NULL,
                    "LastPurchaseAt" TEXT NULL,
                    "AverageTicket" INTEGER NOT NULL,
                    "FavouriteStoreId" TEXT NULL,
                    "FavouriteCategory" TEXT NULL,
                    "Recency" INTEGER NOT NULL,
                    "Frequency" INTEGER NOT NULL,
                    "Monetary" INTEGER NOT NULL,
                    "Segment" INTEGER NULL,
                    "PreviousSegment" INTEGER NULL,
                    "ScoredOn" TEXT NULL,
                    "CalculatedAt" TEXT NOT NULL,
                    CONSTRAINT "PK_CustomerProfiles" PRIMARY KEY ("PartnerId", "CustomerId"),
                    CONSTRAINT "FK_CustomerProfiles_Customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "Customers" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_CustomerProfiles" (COLS)
                SELECT COLS FROM "CustomerProfiles" ORDER BY "PartnerId", "CustomerId";
                DROP TABLE "CustomerProfiles";
                ALTER TABLE "ef_temp_CustomerProfiles" RENAME TO "CustomerProfiles";
                CREATE INDEX "IX_CustomerProfiles_CustomerId" ON "CustomerProfiles" ("CustomerId");
                CREATE INDEX "IX_CustomerProfiles_PartnerId_LastPurchaseAt_PurchasesTotal" ON "CustomerProfiles" ("PartnerId", "LastPurchaseAt", "PurchasesTotal");
                CREATE INDEX "IX_CustomerProfiles_PartnerId_PurchasesTotal" ON "CustomerProfiles" ("PartnerId", "PurchasesTotal");
                CREATE INDEX "IX_CustomerProfiles_PartnerId_SpendTotal_PurchasesTotal" ON "CustomerProfiles" ("PartnerId", "SpendTotal", "PurchasesTotal");
                CREATE INDEX "IX_CustomerProfiles_PartnerId_Segment_Spend365" ON "CustomerProfiles" ("PartnerId", "Segment", "Spend365");
                CREATE INDEX "IX_CustomerProfiles_PartnerId_Spend365" ON "CustomerProfiles" ("PartnerId", "Spend365");
                """.Replace("COLS", Columns));

            migrationBuilder.CreateIndex(
                name: "IX_CustomerProfiles_PartnerId_FirstPurchaseAt",
                table: "CustomerProfiles",
                columns: new[] { "PartnerId", "FirstPurchaseAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CustomerProfiles_PartnerId_FirstPurchaseAt",
                table: "CustomerProfiles");
        }
    }
}
