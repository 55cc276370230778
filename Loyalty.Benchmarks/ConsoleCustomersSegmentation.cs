using System.Diagnostics;
using Loyalty.Core.Customers;
using Loyalty.Core.Segments;
using Microsoft.Data.Sqlite;

namespace Loyalty.Benchmarks;

/// <summary>
/// The segmentation filters of the operator grid (decision 0141) on the console-customers data: fills in what the member
/// generator leaves empty (birth dates, tiers, one coalition profile per buying member — 70 % — with last purchase, 12-month
/// spend and RFM segment), set-based and once per file, then lists the filter cases the benchmark times.
/// </summary>
public static class ConsoleCustomersSegmentation
{
    private const string Coalition = "00000000-0000-0000-0000-000000000000";

    public static async Task EnsureAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        if (await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"CustomerProfiles\" WHERE \"PartnerId\" = '{Coalition}'") > 0) return;
        var clock = Stopwatch.StartNew();
        await using var tx = connection.BeginTransaction();
        if (await ScalarAsync(connection, "SELECT COUNT(*) FROM \"Tiers\"", tx) == 0)
        {
            foreach (var (name, rank, threshold) in new[] { ("Silver", 1, 0L), ("Gold", 2, 30_000_000L), ("Platinum", 3, 100_000_000L) })
                await ExecuteAsync(connection, tx, $"""
                    INSERT INTO "Tiers" ("Id", "Name", "Rank", "SpendThreshold", "EarnRateBp", "RedemptionCapBp")
                    VALUES ('{Guid.NewGuid().ToString().ToUpperInvariant()}', '{name}', {rank}, {threshold}, {300 + rank * 200}, 3000)
                    """);
        }
        // Birth dates for 80 % (ages 16–75), tiers: 70 % the lowest, 25 % the middle, 5 % the top.
        await ExecuteAsync(connection, tx, """
            UPDATE "Customers" SET
              "BirthDate" = CASE WHEN abs(random()) % 10 < 8 THEN date('now', '-16 years', '-' || (abs(random()) % 21900) || ' days') END,
              "TierId" = CASE WHEN abs(random()) % 100 < 70 THEN (SELECT "Id" FROM "Tiers" ORDER BY "Rank" LIMIT 1)
                              WHEN abs(random()) % 100 < 83 THEN (SELECT "Id" FROM "Tiers" ORDER BY "Rank" LIMIT 1 OFFSET 1)
                              ELSE (SELECT "Id" FROM "Tiers" ORDER BY "Rank" LIMIT 1 OFFSET 2) END
            """);
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO "CustomerProfiles" ("PartnerId", "CustomerId", "AverageTicket", "CalculatedAt", "FirstPurchaseAt", "Frequency", "LastPurchaseAt",
              "Monetary", "Purchases30", "Purchases365", "Purchases90", "PurchasesTotal", "Recency", "ScoredOn", "Segment", "Spend30", "Spend365", "Spend90", "SpendTotal")
            SELECT '{Coalition}', "Id", 500000, datetime('now'), "RegisteredAt", 3, datetime('now', '-' || (abs(random()) % 730) || ' days'),
              3, 0, 4, 1, 6, 3, date('now'), abs(random()) % 10, 0, abs(random()) % 50000000, 0, 3000000
            FROM "Customers" WHERE abs(random()) % 10 < 7
            """);
        await tx.CommitAsync();
        await ExecuteAsync(connection, null, "ANALYZE");
        Console.WriteLine($"  setup: birth dates, tiers and coalition profiles filled in {clock.Elapsed.TotalSeconds:F0} s (not part of the figures)");
    }

    public static async Task<IEnumerable<(string Name, CustomerQuery Query)>> CasesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\" FROM \"Tiers\" ORDER BY \"Rank\" DESC LIMIT 1";
        var top = Guid.Parse((string)(await command.ExecuteScalarAsync())!);
        return
        [
            ("age 25-34", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(AgeFrom: 25, AgeTo: 34))),
            ("gender female", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(Gender: Gender.Female))),
            ("top tier", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(TierId: top))),
            ("bought within 30 days", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(PurchasedWithinDays: 30))),
            ("lapsed: no purchase for 180 days", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(NoPurchaseForDays: 180))),
            ("12-month spend 100k-200k", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(Spend12mFrom: 10_000_000, Spend12mTo: 20_000_000))),
            ("12-month spend up to 10k", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(Spend12mTo: 1_000_000))),
            ("RFM champions", new CustomerQuery(null, 0, 20, Segmentation: new CustomerSegmentation(Rfm: RfmSegment.Champions))),
            ("champions, women 25-34, Almaty", new CustomerQuery(null, 0, 20, City: "Almaty",
                Segmentation: new CustomerSegmentation(AgeFrom: 25, AgeTo: 34, Gender: Gender.Female, Rfm: RfmSegment.Champions))),
            ("bought in 30 days + name \"Aig\"", new CustomerQuery("Aig", 0, 20, Segmentation: new CustomerSegmentation(PurchasedWithinDays: 30))),
        ];
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
