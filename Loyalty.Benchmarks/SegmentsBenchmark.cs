using System.Diagnostics;
using System.Globalization;
using Loyalty.Core;
using Loyalty.Core.Partners;
using Loyalty.Core.Segments;
using Loyalty.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>segments [--customers 1000000] [--purchases 20000000] [--db path]</c>: generates a coalition with realistic skew (a fifth of
/// the cards never used, most members occasional, a few heavy), then times the nightly recalculation (profiles, RFM, history)
/// and a dynamic segment's live count. With <c>--db</c> an existing generated file is reused, so the big generation runs once.
/// </summary>
public static class SegmentsBenchmark
{
    private const int Partners = 6;

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = 1_000_000;
        var purchases = 20_000_000;
        string? path = null;
        var generateOnly = args.Contains("--generate-only");
        args = args.Where(a => a != "--generate-only").ToArray();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--db") { path = args[i + 1]; continue; }
            if (!int.TryParse(args[i + 1], out var value) || value <= 0) { Console.Error.WriteLine($"'{args[i]}' needs a positive whole number."); return Program.ExitUsage; }
            if (args[i] == "--customers") customers = value;
            else if (args[i] == "--purchases") purchases = value;
            else { Console.Error.WriteLine($"Unknown option '{args[i]}'."); return Program.ExitUsage; }
        }
        path ??= Path.Combine(Path.GetTempPath(), $"loyalty-segments-bench-{customers}-{purchases}.db");
        var generate = !File.Exists(path);
        var benchClock = new BenchClock();
        await using var services = Services(path, benchClock);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Console.WriteLine($"Segments benchmark: {path}, {Environment.ProcessorCount} cores; machine: {MachineLoad.Describe()}");
        var clock = Stopwatch.StartNew();
        var partners = await PartnersAsync(services);
        if (generate)
        {
            await GenerateAsync(path, partners, customers, purchases);
            Console.WriteLine($"  setup: {customers:N0} members, {purchases:N0} purchases generated in {clock.Elapsed.TotalSeconds:F0} s (not part of the figures)");
        }
        else
        {
            Console.WriteLine("  setup: reusing the generated file");
        }
        if (generateOnly) return Program.ExitOk;

        // The first run rebuilds every profile from the whole history (once; then weekly). Every other night adds what the
        // minute job has not added yet, rolls the windows by a day and rescores: that nightly run is the figure (0068).
        var recalculate = services.GetRequiredService<RecalculateSegments>();
        if (!await HasProfilesAsync(services))
        {
            clock.Restart();
            var cpu = Cpu();
            var first = await recalculate.RebuildAsync();
            Console.WriteLine($"  first run (rebuild from the whole history, once): {clock.Elapsed.TotalSeconds:F1} s (CPU {Cpu() - cpu:F1} s) — profiles {first.ProfilesTook.TotalSeconds:F1} s, " +
                $"RFM scoring + history {first.ScoringTook.TotalSeconds:F1} s; {first.Scored:N0} profiles scored");
        }
        var dayPurchases = Math.Max(1, purchases / 500);
        for (var night = 1; night <= 2; night++)
        {
            var day = await NextDayAsync(services, benchClock);
            clock.Restart();
            await AddDayAsync(path, partners, customers, dayPurchases, day);
            Console.WriteLine($"  day {day:yyyy-MM-dd}: {dayPurchases:N0} purchases added ({clock.Elapsed.TotalSeconds:F1} s, not part of the figures)");
            benchClock.Now = day.AddHours(12);
            clock.Restart();
            var cpu = Cpu();
            var minute = await services.GetRequiredService<UpdateCustomerProfiles>().HandleAsync();
            Console.WriteLine($"    profile update (the minute job, here a whole day's receipts at once): {minute.Purchases:N0} purchases in {clock.Elapsed.TotalSeconds:F2} s (CPU {Cpu() - cpu:F2} s)");
            benchClock.Now = day.AddHours(21.5);
            clock.Restart();
            cpu = Cpu();
            var result = await recalculate.HandleAsync();
            Console.WriteLine($"    nightly RFM run: {clock.Elapsed.TotalSeconds:F1} s (CPU {Cpu() - cpu:F1} s) — profiles (catch up + roll the 30/90/365-day windows) {result.ProfilesTook.TotalSeconds:F1} s, " +
                $"RFM scoring + history {result.ScoringTook.TotalSeconds:F1} s; {result.Scored:N0} profiles scored");
        }

        var rules = new SegmentRules(RuleCombine.All,
            [new SegmentCondition(SegmentField.Spend365, RuleOperator.AtLeast, "20000"), new SegmentCondition(SegmentField.RfmSegment, RuleOperator.Equals, nameof(RfmSegment.AtRisk))]);
        var estimate = services.GetRequiredService<EstimateSegment>();
        foreach (var (owner, label) in new (Guid?, string)[] { (null, "coalition"), (partners[0].Partner, "one partner") })
        {
            clock.Restart();
            var cpu = Cpu();
            var count = await estimate.HandleAsync(owner, rules);
            Console.WriteLine($"  dynamic segment count ({label}: spent ≥ 20,000 in 12 months AND at risk): {count:N0} members in {clock.Elapsed.TotalSeconds:F2} s (CPU {Cpu() - cpu:F2} s)");
        }
        return Program.ExitOk;
    }

    internal static ServiceProvider Services(string path, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={path}" }).Build();
        // BENCH_SQL=1 prints every statement with its time (EF's "Executed DbCommand"): where a slow figure spends it.
        var showSql = Environment.GetEnvironmentVariable("BENCH_SQL") == "1";
        var services = new ServiceCollection().AddLogging(b =>
            {
                b.SetMinimumLevel(LogLevel.Error);
                if (showSql) b.AddSimpleConsole().AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
            }).AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore();
        if (clock is not null) services.AddSingleton(clock);
        return services.BuildServiceProvider();
    }

    /// <summary>The benchmark's "now": real time until it simulates the following days.</summary>
    private sealed class BenchClock : TimeProvider
    {
        public DateTime? Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now is { } now ? new DateTimeOffset(now, TimeSpan.Zero) : base.GetUtcNow();
    }

    private static async Task<bool> HasProfilesAsync(IServiceProvider services)
    {
        await using var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();
        return await db.ProfileStates.AnyAsync();
    }

    /// <summary>The day after the profiles' anchor (each run of the benchmark moves on a day, so the file can be reused).</summary>
    private static async Task<DateTime> NextDayAsync(IServiceProvider services, BenchClock clock)
    {
        await using var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();
        var anchor = await db.ProfileStates.Select(s => s.WindowsAnchor).FirstAsync();
        clock.Now = null;
        return anchor.Date.AddDays(1);
    }

    /// <summary>One day of receipts (the generator's buyer, partner and ticket skew), stamped within <paramref name="day"/>.</summary>
    private static async Task AddDayAsync(string path, List<(Guid Partner, Guid Store)> partners, int customers, int purchases, DateTime day)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS temp.bench_partners; CREATE TEMP TABLE bench_partners (k INTEGER PRIMARY KEY, pid TEXT, sid TEXT);");
        for (var k = 0; k < partners.Count; k++)
            await ExecuteAsync(connection, $"INSERT INTO temp.bench_partners VALUES ({k}, '{Text(partners[k].Partner)}', '{Text(partners[k].Store)}')");
        var active = (long)(customers * 0.8);
        var dayStart = day.ToOADate() + 2415018.5;
        var prefix = $"{(int)(day - DateTime.UnixEpoch).TotalDays:X8}-0000-7000-9000-";
        await ExecuteAsync(connection, $"""
            INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
            WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {purchases - 1}),
            r AS MATERIALIZED (SELECT n, (abs(random()) % 1000000) / 1000000.0 AS r1, abs(random()) % 10 AS r2, (abs(random()) % 1000000) / 1000000.0 AS r3,
                    (abs(random()) % 1000000) / 1000000.0 AS r4, abs(random()) % {partners.Count} AS r5 FROM s),
            w AS (SELECT n, CAST({active} * r1 * r1 * r1 AS INTEGER) AS who, r2, r3, r4, r5 FROM r)
            SELECT '{prefix}' || printf('%012X', w.n), bp.pid, bp.sid, '{CustomerPrefix}' || printf('%012X', w.who), 'd{day:yyyyMMdd}-' || w.n,
                CAST((1000 + 20000 * w.r3 * w.r3 * w.r3) * 100 AS INTEGER), 'KZT',
                datetime({dayStart.ToString(CultureInfo.InvariantCulture)} + 0.5 * w.r4), 0, 0, 0, 0, 0, 0, 0
            FROM w JOIN temp.bench_partners bp ON bp.k = CASE WHEN w.r2 < 7 THEN w.who % {partners.Count} ELSE w.r5 END
            """);
    }

    /// <summary>
    /// This process's CPU seconds: SQLite runs in process, so on a machine shared by others (load average far above the two
    /// cores) this is the figure that means something; the wall time is printed beside it.
    /// </summary>
    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    internal static async Task<List<(Guid Partner, Guid Store)>> PartnersAsync(IServiceProvider services)
    {
        var dbs = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>();
        await using var db = dbs.Create();
        var existing = await db.Stores.OrderBy(s => s.Name).Select(s => new { s.PartnerId, s.Id }).ToListAsync();
        if (existing.Count > 0) return existing.Select(s => (s.PartnerId, s.Id)).ToList();
        var now = DateTime.UtcNow;
        var list = new List<(Guid, Guid)>();
        for (var i = 0; i < Partners; i++)
        {
            var partner = new Partner($"Partner {i}", $"partner-{i}", BusinessArea.FoodRetail, "KZ", "KZT", "Asia/Almaty", now);
            partner.Approve();
            partner.Activate(now);
            var store = new Store(partner.Id, $"Store {i}", "Almaty", $"Street {i}", "Asia/Almaty");
            db.Partners.Add(partner);
            db.Stores.Add(store);
            list.Add((partner.Id, store.Id));
        }
        await db.SaveChangesAsync();
        return list;
    }

    /// <summary>
    /// Fills the file with plain set-based SQL (INSERT … SELECT over a recursive counter, SQLite's random()), not EF and not
    /// row-by-row commands (one statement per million rows). Ids are GUID-shaped text that rises with the
    /// counter, so the primary-key index is appended to, and the purchase indexes are dropped for the load and rebuilt once.
    /// Distributions: a fifth of the cards never used; the buyer of each purchase drawn as active × r³ (the first percent of
    /// members make a fifth of all purchases, most members a handful); 70 % of a member's purchases at a favourite partner;
    /// amounts skewed towards small tickets; dates over two years, recent months busier. The random draws are materialised
    /// per purchase: inlined, SQLite computed the partner lookup's key (which names no column) once per statement, and every
    /// million purchases went to a single partner (sessions 1–11's files, 0280).
    /// </summary>
    internal static async Task GenerateAsync(string path, List<(Guid Partner, Guid Store)> partners, int customers, int purchases)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var now = DateTime.UtcNow;
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -400000;");
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS temp.bench_partners; CREATE TEMP TABLE bench_partners (k INTEGER PRIMARY KEY, pid TEXT, sid TEXT);");
        for (var k = 0; k < partners.Count; k++)
            await ExecuteAsync(connection, $"INSERT INTO temp.bench_partners VALUES ({k}, '{Text(partners[k].Partner)}', '{Text(partners[k].Store)}')");

        var watch = Stopwatch.StartNew();
        await ExecuteAsync(connection, $"""
            INSERT INTO "Customers" ("Id", "Phone", "FirstName", "Gender", "Language", "Status", "RegisteredAt", "Source", "City")
            WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {customers - 1})
            SELECT '{CustomerPrefix}' || printf('%012X', n), '+7708' || printf('%07d', n), 'Member' || n, 0, 'en', 0, '{Time(now.AddDays(-730))}', 'bench',
                CASE n % 4 WHEN 0 THEN 'Almaty' WHEN 1 THEN 'Astana' WHEN 2 THEN 'Shymkent' ELSE 'Karaganda' END
            FROM s
            """);
        Console.WriteLine($"    {customers:N0} members in {watch.Elapsed.TotalSeconds:F0} s");

        var indexes = new List<string>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Purchases' AND sql IS NOT NULL";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        }
        foreach (var index in indexes) await ExecuteAsync(connection, "DROP INDEX " + index.Split(' ')[index.Split(' ').ToList().IndexOf("INDEX") + 1]);

        var active = (long)(customers * 0.8);
        var nowDay = now.ToOADate() + 2415018.5; // Julian day of now
        const int chunk = 1_000_000;
        for (var start = 0; start < purchases; start += chunk)
        {
            var end = Math.Min(purchases, start + chunk) - 1;
            await ExecuteAsync(connection, $"""
                INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                    "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
                WITH RECURSIVE s(n) AS (SELECT {start} UNION ALL SELECT n + 1 FROM s WHERE n < {end}),
                r AS MATERIALIZED (SELECT n, (abs(random()) % 1000000) / 1000000.0 AS r1, abs(random()) % 10 AS r2, (abs(random()) % 1000000) / 1000000.0 AS r3,
                        (abs(random()) % 1000000) / 1000000.0 AS r4, abs(random()) % {partners.Count} AS r5 FROM s),
                w AS (SELECT n, CAST({active} * r1 * r1 * r1 AS INTEGER) AS who, r2, r3, r4, r5 FROM r)
                SELECT '{PurchasePrefix}' || printf('%012X', w.n), bp.pid, bp.sid, '{CustomerPrefix}' || printf('%012X', w.who), CAST(w.n AS TEXT),
                    CAST((1000 + 20000 * w.r3 * w.r3 * w.r3) * 100 AS INTEGER), 'KZT',
                    datetime({nowDay.ToString(CultureInfo.InvariantCulture)} - 730.0 * (w.r4 * w.r4 + w.r4) / 2), 0, 0, 0, 0, 0, 0, 1
                FROM w JOIN temp.bench_partners bp ON bp.k = CASE WHEN w.r2 < 7 THEN w.who % {partners.Count} ELSE w.r5 END
                """);
            Console.WriteLine($"    {end + 1:N0} purchases, {(end + 1) / watch.Elapsed.TotalSeconds:N0}/s");
        }
        watch.Restart();
        foreach (var index in indexes) await ExecuteAsync(connection, index);
        Console.WriteLine($"    purchase indexes rebuilt in {watch.Elapsed.TotalSeconds:F0} s");
    }

    private const string CustomerPrefix = "0190B000-0000-7000-8000-";
    private const string PurchasePrefix = "0190C000-0000-7000-8000-";

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
