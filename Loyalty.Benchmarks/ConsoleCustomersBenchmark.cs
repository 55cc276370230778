using System.Diagnostics;
using System.Globalization;
using Loyalty.Core;
using Loyalty.Core.Customers;
using Loyalty.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>console-customers [--customers 1000000] [--db path]</c>: bulk-generates members (raw prepared INSERTs in one transaction, each
/// with a main account and a balance), then times the operator's customer grid through the same use case the page calls:
/// first page, a far page, phone search, name prefix, city filter, city + name, balance sort. Each figure is the median of
/// five runs after one warm-up. With <c>--db</c> an existing generated file is reused.
/// </summary>
public static class ConsoleCustomersBenchmark
{
    private static readonly string[] FirstNames = ["Aigerim", "Aruzhan", "Dana", "Dinara", "Madina", "Aliya", "Zhanna", "Saule", "Asel", "Kamila", "Nurlan", "Arman",
        "Yerlan", "Daniyar", "Timur", "Askar", "Bauyrzhan", "Ilyas", "Marat", "Sanzhar", "Olga", "Irina", "Anna", "Elena", "Sergey", "Dmitry", "Alexey", "Ivan"];
    private static readonly string[] LastNames = ["Abenova", "Akhmetov", "Bekova", "Dzhaksybekov", "Ermekova", "Iskakov", "Kassymova", "Mukanov", "Nurpeisova", "Omarov",
        "Sadykova", "Tulegenov", "Utepova", "Zhumabayev", "Ivanova", "Petrov", "Smirnova", "Kuznetsov", "Popova", "Sokolov"];
    private static readonly string[] Cities = ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Taraz", "Pavlodar", "Oskemen", "Semey", "Atyrau", "Kostanay", "Kyzylorda"];

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = 1_000_000;
        string? path = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--db") { path = args[i + 1]; continue; }
            if (args[i] != "--customers" || !int.TryParse(args[i + 1], out customers) || customers <= 0)
            {
                Console.Error.WriteLine($"Unknown option '{args[i]}' (use --customers N or --db path).");
                return Program.ExitUsage;
            }
        }
        path ??= Path.Combine(Path.GetTempPath(), $"loyalty-customers-bench-{customers}.db");
        var generate = !File.Exists(path);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={path}" }).Build();
        await using var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Error)).AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore().BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Console.WriteLine($"Customer grid benchmark: {path}, {Environment.ProcessorCount} cores, load average {MachineLoad.Describe()}");
        if (generate)
        {
            var clock = Stopwatch.StartNew();
            await GenerateAsync(path, customers);
            Console.WriteLine($"  setup: {customers:N0} members with accounts generated in {clock.Elapsed.TotalSeconds:F0} s (not part of the figures)");
        }

        var search = services.GetRequiredService<SearchCustomers>();
        var far = Math.Max(0, customers / 20 / 2);
        var cases = new (string Name, CustomerQuery Query)[]
        {
            ("first page (newest first, 20 rows + total)", new CustomerQuery(null, 0, 20)),
            ($"page {far:N0} of 20 rows", new CustomerQuery(null, far, 20)),
            ("phone search", new CustomerQuery("+7708" + (customers / 3).ToString("D7", CultureInfo.InvariantCulture), 0, 20)),
            ("name prefix \"Aig\"", new CustomerQuery("Aig", 0, 20)),
            ("name prefix \"sad\" (lower case, last names)", new CustomerQuery("sad", 0, 20)),
            ("city filter (Shymkent)", new CustomerQuery(null, 0, 20, City: "Shymkent")),
            ("city + name (Astana, \"Dan\")", new CustomerQuery("Dan", 0, 20, City: "Astana")),
            ("city filter, page 100", new CustomerQuery(null, 100, 20, City: "Taraz")),
            ("name sort, first page", new CustomerQuery(null, 0, 20, SortBy: "Name")),
            ("balance sort, first page", new CustomerQuery(null, 0, 20, SortBy: "Balance", Descending: true)),
        };
        // Segmentation filters (0141): their data is filled in once, and their cases follow the grid's own.
        await ConsoleCustomersSegmentation.EnsureAsync(path);
        cases = [.. cases, .. await ConsoleCustomersSegmentation.CasesAsync(path)];
        foreach (var (name, query) in cases)
        {
            var page = await search.HandleAsync(query, "KZ");
            var times = new List<double>();
            // CPU time of this process per call: meaningful even when other work shares the cores and stretches the wall clock.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var run = 0; run < 5; run++)
            {
                var watch = Stopwatch.StartNew();
                page = await search.HandleAsync(query, "KZ");
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 5;
            times.Sort();
            Console.WriteLine($"  {name,-46} {times[2],8:F1} ms median (max {times[^1]:F1}; CPU {cpuPerCall:F1} ms per call); {page.Total:N0} matches, {page.Items.Count} rows");
        }
        return Program.ExitOk;
    }

    private static async Task GenerateAsync(string path, int customers)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var random = new Random(9);
        var start = DateTime.UtcNow.AddDays(-1095);
        await using var tx = connection.BeginTransaction();
        await using var insertCustomer = connection.CreateCommand();
        insertCustomer.Transaction = tx;
        insertCustomer.CommandText = """
            INSERT INTO "Customers" ("Id", "Phone", "FirstName", "LastName", "Gender", "Language", "Status", "RegisteredAt", "Source", "City")
            VALUES ($id, $phone, $first, $last, $gender, 'ru', 0, $at, 'bench', $city)
            """;
        var id = insertCustomer.Parameters.Add("$id", SqliteType.Text);
        var phone = insertCustomer.Parameters.Add("$phone", SqliteType.Text);
        var first = insertCustomer.Parameters.Add("$first", SqliteType.Text);
        var last = insertCustomer.Parameters.Add("$last", SqliteType.Text);
        var gender = insertCustomer.Parameters.Add("$gender", SqliteType.Integer);
        var at = insertCustomer.Parameters.Add("$at", SqliteType.Text);
        var city = insertCustomer.Parameters.Add("$city", SqliteType.Text);
        insertCustomer.Prepare();
        await using var insertAccount = connection.CreateCommand();
        insertAccount.Transaction = tx;
        insertAccount.CommandText = """INSERT INTO "LedgerAccounts" ("Kind", "Key", "CustomerId", "Balance") VALUES (0, $key, $customer, $balance)""";
        var key = insertAccount.Parameters.Add("$key", SqliteType.Text);
        var customer = insertAccount.Parameters.Add("$customer", SqliteType.Text);
        var balance = insertAccount.Parameters.Add("$balance", SqliteType.Integer);
        insertAccount.Prepare();
        for (var i = 0; i < customers; i++)
        {
            var guid = Guid.CreateVersion7();
            id.Value = customer.Value = guid.ToString().ToUpperInvariant();
            phone.Value = "+7708" + i.ToString("D7", CultureInfo.InvariantCulture);
            first.Value = FirstNames[random.Next(FirstNames.Length)];
            last.Value = LastNames[random.Next(LastNames.Length)];
            gender.Value = random.Next(3);
            at.Value = start.AddSeconds(i * (1095.0 * 86400 / customers)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            city.Value = Cities[Math.Min(Cities.Length - 1, (int)(Cities.Length * Math.Pow(random.NextDouble(), 1.6)))];
            await insertCustomer.ExecuteNonQueryAsync();
            key.Value = Loyalty.Core.Points.LedgerAccount.KeyFor(Loyalty.Core.Points.AccountKind.CustomerMain, guid);
            balance.Value = (long)random.Next(0, 2_000_000);
            await insertAccount.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
