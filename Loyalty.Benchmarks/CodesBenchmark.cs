using System.Diagnostics;
using Loyalty.Core;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.PromoCodes;
using Loyalty.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// The "codes" scenario, in this process against a fresh SQLite file: generate, hash, persist and print (CSV) a batch of
/// <c>--count</c> codes through the real generation use case, reporting time and the process's peak memory; then activate
/// codes from the print file with <c>--connections</c> concurrent callers of the real activation use case for
/// <c>--seconds</c>, against the full table.
/// </summary>
public static class CodesBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"loyalty-codes-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var dbPath = Path.Combine(folder, "loyalty.db");
        Console.WriteLine($"Database {dbPath}; {MachineLoad.Describe()}");
        var settings = new PromoCodeSettings { PrintFilesPath = Path.Combine(folder, "print-files"), ChunkSize = options.ChunkSize, PublicBaseUrl = "https://onecard.example" };
        var key = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(key);
        await using var services = BuildServices(dbPath, settings, new PromoCodeHasher(key));
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);

        var (makerId, productId) = await SeedMakerAsync(services, ct);
        var application = await services.GetRequiredService<SubmitCodeApplication>().HandleAsync(makerId,
            new SubmitCodeApplicationCommand(productId, options.Count, "Benchmark print run"), "bench", ct);
        var batch = await services.GetRequiredService<ReviewCodeApplication>().ApproveAsync(application, "bench", ct);

        // Generation.
        var generate = services.GetRequiredService<GenerateCodes>();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        generate.AfterChunk = (_, chunk) =>
        {
            if (clock.Elapsed - lastReport < TimeSpan.FromSeconds(10)) return;
            lastReport = clock.Elapsed;
            var done = (long)(chunk + 1) * options.ChunkSize;
            Console.WriteLine($"  {Math.Min(done, options.Count):N0} codes after {clock.Elapsed.TotalSeconds:F0} s, working set {Environment.WorkingSet / 1048576} MB");
        };
        await generate.HandleAsync(ct);
        clock.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var csvBytes = services.GetRequiredService<PrintFiles>().Segments(batch).Sum(f => new FileInfo(f).Length);
        var dbBytes = new FileInfo(dbPath).Length + (File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length : 0);
        Console.WriteLine();
        Console.WriteLine($"Generated {options.Count:N0} codes in {clock.Elapsed.TotalSeconds:F1} s = {options.Count / clock.Elapsed.TotalSeconds:N0} codes/s " +
                          $"(chunks of {options.ChunkSize:N0}); peak working set {self.PeakWorkingSet64 / 1048576} MB; " +
                          $"CSV {csvBytes / 1048576} MB, database {dbBytes / 1048576} MB");

        // Activation against the full table.
        var codes = services.GetRequiredService<PrintFiles>().ReadCodes(batch).Take(Math.Min(options.Count, 200_000)).Select(c => c.Code).ToArray();
        var customers = await RegisterMembersAsync(services, 500, ct);
        var activate = services.GetRequiredService<ActivatePromoCode>();
        var next = -1;
        var latencies = new List<double>[options.Connections];
        var errors = 0;
        var measured = TimeSpan.FromSeconds(options.Seconds);
        var warmUp = TimeSpan.FromSeconds(3);
        var run = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(64 * 1024);
            while (run.Elapsed < warmUp + measured)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= codes.Length) return;
                var startedAt = run.Elapsed;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await activate.HandleAsync(new ActivationSource(customers[i % customers.Count], "10.1.0." + (i % 200), null), codes[i], ActivationChannel.CustomerArea, ct);
                }
                catch (DomainException)
                {
                    Interlocked.Increment(ref errors);
                }
                if (startedAt >= warmUp) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, ct)));
        var elapsed = run.Elapsed - warmUp;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToList();
        var percentiles = Percentiles.Of(all);
        Console.WriteLine($"Activated {all.Count:N0} codes in {elapsed.TotalSeconds:F1} s with {options.Connections} callers = {all.Count / elapsed.TotalSeconds:N0} activations/s; " +
                          $"{percentiles}; {errors} refused");

        if (!options.Keep)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        return errors == 0 ? Program.ExitOk : Program.ExitFailed;
    }

    private static ServiceProvider BuildServices(string dbPath, PromoCodeSettings settings, PromoCodeHasher hasher)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={dbPath}" })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddLoyaltyData(configuration, Path.GetTempPath())
            .AddLoyaltyCore()
            .AddPromoCodes(settings, hasher);
        return services.BuildServiceProvider();
    }

    private static async Task<(Guid Maker, Guid Product)> SeedMakerAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var maker = new Partner("Benchmark Foods", "bench-foods", BusinessArea.Manufacturer, "KZ", "KZT", "Asia/Almaty", now);
        maker.Approve();
        maker.Activate(now);
        await using (var db = services.GetRequiredService<ILoyaltyDbFactory>().Create())
        {
            db.Partners.Add(maker);
            await db.SaveChangesAsync(ct);
        }
        var product = await services.GetRequiredService<SaveProduct>().HandleAsync(maker.Id,
            new SaveProductCommand(null, "BF-1", "Oat flakes 500 g", "Benchmark Foods", 1, null), "bench", ct);
        return (maker.Id, product);
    }

    private static async Task<List<Guid>> RegisterMembersAsync(IServiceProvider services, int count, CancellationToken ct)
    {
        var register = services.GetRequiredService<RegisterCustomer>();
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
            ids.Add((await register.HandleAsync(new RegisterCustomerCommand($"+7702{i:D7}", "Bench", null, null, false, false, "bench"), "KZ", ct)).Id);
        return ids;
    }
}
