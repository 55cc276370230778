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
        await using var services = Services(path);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Console.WriteLine($"Segments benchmark: {path}, {Environment.ProcessorCount} cores");
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

        clock.Restart();
        var result = await services.GetRequiredService<RecalculateSegments>().HandleAsync();
        Console.WriteLine($"  recalculation: {clock.Elapsed.TotalSeconds:F1} s in all — profiles (aggregates over every purchase, per partner and coalition) {result.ProfilesTook.TotalSeconds:F1} s, " +
            $"RFM scoring + history {result.ScoringTook.TotalSeconds:F1} s; {result.Scored:N0} profiles scored");

        clock.Restart();
        result = await services.GetRequiredService<RecalculateSegments>().HandleAsync();
        Console.WriteLine($"  second run the same day: {clock.Elapsed.TotalSeconds:F1} s (profiles {result.ProfilesTook.TotalSeconds:F1} s, RFM {result.ScoringTook.TotalSeconds:F1} s)");

        var rules = new SegmentRules(RuleCombine.All,
            [new SegmentCondition(SegmentField.Spend365, RuleOperator.AtLeast, "20000"), new SegmentCondition(SegmentField.RfmSegment, RuleOperator.Equals, nameof(RfmSegment.AtRisk))]);
        var estimate = services.GetRequiredService<EstimateSegment>();
        foreach (var (owner, label) in new (Guid?, string)[] { (null, "coalition"), (partners[0].Partner, "one partner") })
        {
            clock.Restart();
            var count = await estimate.HandleAsync(owner, rules);
            Console.WriteLine($"  dynamic segment count ({label}: spent ≥ 20,000 in 12 months AND at risk): {count:N0} members in {clock.Elapsed.TotalSeconds:F2} s");
        }
        return Program.ExitOk;
    }

    private static ServiceProvider Services(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={path}" }).Build();
        return new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Error)).AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore().BuildServiceProvider();
    }

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

    internal static async Task GenerateAsync(string path, List<(Guid Partner, Guid Store)> partners, int customers, int purchases)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var now = DateTime.UtcNow;
        var ids = new string[customers];
        var random = new Random(6);
        await using (var tx = connection.BeginTransaction())
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = """
                INSERT INTO "Customers" ("Id", "Phone", "FirstName", "Gender", "Language", "Status", "RegisteredAt", "Source", "City")
                VALUES ($id, $phone, $name, 0, 'en', 0, $at, 'bench', $city)
                """;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var phone = command.Parameters.Add("$phone", SqliteType.Text);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            var city = command.Parameters.Add("$city", SqliteType.Text);
            command.Prepare();
            string[] cities = ["Almaty", "Astana", "Shymkent", "Karaganda"];
            for (var i = 0; i < customers; i++)
            {
                ids[i] = Text(Guid.CreateVersion7());
                (id.Value, phone.Value, name.Value) = (ids[i], "+7708" + i.ToString("D7", CultureInfo.InvariantCulture), "Member" + i.ToString(CultureInfo.InvariantCulture));
                at.Value = Time(now.AddDays(-730));
                city.Value = cities[random.Next(cities.Length)];
                await command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

        // A fifth of the cards are never used. Among the rest, the buyer of each purchase is drawn with a steep power law:
        // a few percent of members make a large share of purchases, most make a handful. Each member has a favourite partner.
        var active = (int)(customers * 0.8);
        const int perTransaction = 500_000;
        var done = 0;
        var watch = Stopwatch.StartNew();
        while (done < purchases)
        {
            await using var tx = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                    "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
                VALUES ($id, $partner, $store, $customer, $receipt, $amount, 'KZT', $at, 0, 0, 0, 0, 0, 0, 1)
                """;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var partner = command.Parameters.Add("$partner", SqliteType.Text);
            var store = command.Parameters.Add("$store", SqliteType.Text);
            var customer = command.Parameters.Add("$customer", SqliteType.Text);
            var receipt = command.Parameters.Add("$receipt", SqliteType.Text);
            var amount = command.Parameters.Add("$amount", SqliteType.Integer);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            command.Prepare();
            for (var n = 0; n < perTransaction && done < purchases; n++, done++)
            {
                var who = (int)(active * Math.Pow(random.NextDouble(), 2.2));
                var p = random.Next(10) < 7 ? who % partners.Count : random.Next(partners.Count);
                id.Value = Text(Guid.CreateVersion7());
                (partner.Value, store.Value, customer.Value) = (Text(partners[p].Partner), Text(partners[p].Store), ids[who]);
                receipt.Value = done.ToString(CultureInfo.InvariantCulture);
                amount.Value = (long)(Math.Exp(7 + random.NextDouble() * 3) * 100);
                // Recent months are busier than old ones; some members stopped two years ago.
                at.Value = Time(now.AddDays(-730 * Math.Pow(random.NextDouble(), 1.5)));
                await command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            Console.WriteLine($"    {done:N0} purchases, {done / watch.Elapsed.TotalSeconds:N0}/s");
        }
    }
}
