using Loyalty.Core.Common;
using Loyalty.Data;
using Loyalty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Data;

/// <summary>
/// The two migrations with SQL written by hand keep the data they move: the profiles copied in key order (0190) and the change log's old → new values moved to their own table, erased for members already deleted (0181).
/// Each is run over rows written under the schema just before it.
/// </summary>
public class HandWrittenMigrationTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"loyalty-migration-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = default!;

    public Task InitializeAsync()
    {
        _services = TestDatabase.BuildServices(_path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task TheProfilesCopy_AndTheChangeValuesMove_KeepEveryRow()
    {
        await MigrateToJustBeforeAsync("CustomerProfilesClustered");
        await ExecuteAsync("""
            INSERT INTO "Customers" ("Id", "FirstName", "Gender", "Language", "Phone", "RegisteredAt", "Source", "Status")
            VALUES ('C0000000-0000-0000-0000-000000000001', 'Dana', 0, 'ru', '+77015550001', '2026-01-01 09:00:00', 'test', 0);
            INSERT INTO "CustomerProfiles" ("PartnerId", "CustomerId", "Purchases30", "Spend30", "Purchases90", "Spend90", "Purchases365", "Spend365",
                "PurchasesTotal", "SpendTotal", "FirstPurchaseAt", "LastPurchaseAt", "AverageTicket", "FavouriteStoreId", "FavouriteCategory",
                "Recency", "Frequency", "Monetary", "Segment", "PreviousSegment", "ScoredOn", "CalculatedAt")
            VALUES ('B0000000-0000-0000-0000-000000000002', 'C0000000-0000-0000-0000-000000000001', 1, 100, 2, 200, 3, 300, 4, 400, '2026-01-01 10:00:00', '2026-11-01 10:00:00', 100, NULL, 'Drinks', 5, 4, 3, 2, 1, '2026-11-20 00:00:00', '2026-11-20 03:00:00'),
                   ('A0000000-0000-0000-0000-000000000001', 'C0000000-0000-0000-0000-000000000001', 0, 0, 0, 0, 0, 0, 1, 50, NULL, NULL, 50, NULL, NULL, 0, 0, 0, NULL, NULL, NULL, '2026-11-20 03:00:00');
            """);
        await MigrateToJustBeforeAsync("BusinessAreasAndChangeValues");
        await ExecuteAsync("""
            INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary", "PartnerId", "CustomerId", "Changes") VALUES
                ('2026-11-01 10:00:00', 'customer.profile-changed', 'desk', 'city', NULL, 'C0000000-0000-0000-0000-000000000001', '[{"field":"city","old":"Almaty","new":"Astana"}]'),
                ('2026-11-01 10:00:00', 'customer.profile-changed', 'desk', 'email', NULL, 'D0000000-0000-0000-0000-000000000009', '[{"field":"email","old":"a@x.kz","new":"b@x.kz"}]'),
                ('2026-11-02 10:00:00', 'customer.deleted', 'member', 'deleted', NULL, 'D0000000-0000-0000-0000-000000000009', NULL),
                ('2026-11-03 10:00:00', 'points.adjusted', 'desk', '+10', NULL, NULL, NULL);
            """);
        await using (var db = Context()) await db.Database.MigrateAsync();

        // Every value kept, and the rows now lie in key order (they were written the other way round).
        Assert.Equal(
            ["A0000000-0000-0000-0000-000000000001|1|50|", "B0000000-0000-0000-0000-000000000002|4|400|Drinks"],
            await RowsAsync("""SELECT "PartnerId" || '|' || "PurchasesTotal" || '|' || "SpendTotal" || '|' || COALESCE("FavouriteCategory", '') FROM "CustomerProfiles" NOT INDEXED ORDER BY rowid"""));
        var values = await RowsAsync("""SELECT "CustomerId" || '|' || "Changes" || '|' || ("ErasedAt" IS NOT NULL) FROM "AuditChangeValues" ORDER BY "EventId" """);
        Assert.Equal(2, values.Count);
        Assert.Equal("""C0000000-0000-0000-0000-000000000001|[{"field":"city","old":"Almaty","new":"Astana"}]|0""", values[0]);
        // The deleted member's values are gone, the field that changed is kept.
        Assert.StartsWith("D0000000-0000-0000-0000-000000000009|", values[1]);
        Assert.Contains("\"field\":\"email\"", values[1]);
        Assert.DoesNotContain("x.kz", values[1]);
        Assert.EndsWith("|1", values[1]);
    }

    private LoyaltyDbContext Context() => (LoyaltyDbContext)_services.GetRequiredService<ILoyaltyDbFactory>().Create();

    private async Task MigrateToJustBeforeAsync(string name)
    {
        await using var db = Context();
        var all = db.Database.GetMigrations().ToList();
        var index = all.FindIndex(m => m.EndsWith("_" + name, StringComparison.Ordinal));
        Assert.True(index > 0, $"no migration named {name}");
        await db.GetService<IMigrator>().MigrateAsync(all[index - 1]);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
