using System.Diagnostics;
using Loyalty.Core;
using Loyalty.Core.Common;
using Loyalty.Core.Contests;
using Loyalty.Data;
using Loyalty.Web.Contests;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>contests [--customers 100000] [--purchases 1000000] [--db path]</c>: on the segments generator's coalition (two years
/// of purchases, recent months busier), a 30-day coalition draw ("every 20,000 = 1 entry") and a "most spent" leaderboard
/// over the same window. Times the entry job's first run (every entry written), a steady-state run (nothing changed —
/// what every interval costs), the close (last sync, frozen list, hash, draw) and a cold standings computation.
/// </summary>
public static class ContestsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = 100_000;
        var purchases = 1_000_000;
        string? path = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--db") { path = args[i + 1]; continue; }
            if (!int.TryParse(args[i + 1], out var value) || value <= 0) { Console.Error.WriteLine($"'{args[i]}' needs a positive whole number."); return Program.ExitUsage; }
            if (args[i] == "--customers") customers = value;
            else if (args[i] == "--purchases") purchases = value;
            else { Console.Error.WriteLine($"Unknown option '{args[i]}'."); return Program.ExitUsage; }
        }
        path ??= Path.Combine(Path.GetTempPath(), $"loyalty-contests-bench-{customers}-{purchases}.db");
        var generate = !File.Exists(path);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={path}" }).Build();
        var collection = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Error)).AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore();
        collection.AddDataProtection().UseEphemeralDataProtectionProvider();
        collection.AddSingleton<ISeedProtector, DataProtectionSeedProtector>();
        await using var services = collection.BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Console.WriteLine($"Contests benchmark: {path}, {Environment.ProcessorCount} cores");
        var partners = await SegmentsBenchmark.PartnersAsync(services);
        if (generate) await SegmentsBenchmark.GenerateAsync(path, partners, customers, purchases);

        var dbs = services.GetRequiredService<ILoyaltyDbFactory>();
        var seeds = services.GetRequiredService<ISeedProtector>();
        var sources = services.GetServices<IContestEntrySource>().ToList();
        var now = DateTime.UtcNow;
        var start = now.AddDays(-30);
        ContestForm Form(ContestKind kind) => new()
        {
            Title = $"Benchmark {kind} {now:HHmmss}", Kind = kind, StartsAt = start, EndsAt = now.AddMinutes(1),
            EntryRule = EntryRule.PerAmountStep, AmountStep = 20_000, Metric = LeaderboardMetric.MostSpent, OnePrizePerCustomer = true,
            Prizes = [new PrizeForm { Kind = PrizeKind.Points, Title = "5,000 points", Points = 5_000, Quantity = 10 }],
        };
        var before = new Clock(start.AddHours(-1));
        var draw = await new SaveContest(dbs, before, seeds, sources).HandleAsync(null, null, Form(ContestKind.Draw), "bench");
        var board = await new SaveContest(dbs, before, seeds, sources).HandleAsync(null, null, Form(ContestKind.Leaderboard), "bench");
        await using (var db = dbs.Create())
        {
            var inWindow = await db.Purchases.CountAsync(p => p.OccurredAt >= start && p.OccurredAt < now);
            Console.WriteLine($"  {inWindow:N0} purchases in the 30-day window");
        }

        var watch = Stopwatch.StartNew();
        var first = await new SyncContestEntries(dbs, new Clock(now), sources).HandleAsync();
        Console.WriteLine($"  entry job, first run: {first.Added:N0} entries written in {watch.Elapsed.TotalSeconds:F2} s");
        watch.Restart();
        var steady = await new SyncContestEntries(dbs, new Clock(now), sources).HandleAsync();
        Console.WriteLine($"  entry job, nothing changed (the cost of every interval): {watch.Elapsed.TotalSeconds:F2} s, {steady.Added + steady.Removed} written");

        watch.Restart();
        var standings = await new GetStandings(dbs, new Clock(now), new StandingsCache()).HandleAsync(board, null);
        Console.WriteLine($"  leaderboard standings, cold: {standings.Participants:N0} members ranked in {watch.Elapsed.TotalSeconds:F2} s (then cached {StandingsCache.Lifetime.TotalSeconds:0} s)");

        watch.Restart();
        var closed = await new CloseContests(dbs, new Clock(now.AddMinutes(2)), seeds, sources).HandleAsync();
        Console.WriteLine($"  close (final sync, frozen list, hash, draw, winners; both contests): {watch.Elapsed.TotalSeconds:F2} s, {closed.Winners} winners");
        await using (var db = dbs.Create())
        {
            var c = await db.Contests.AsNoTracking().FirstAsync(x => x.Id == draw);
            var size = await db.ContestEntryLists.Where(l => l.ContestId == draw).Select(l => l.Content.Length).FirstAsync();
            Console.WriteLine($"  published list: {c.EntryCount:N0} entries from {c.ParticipantCount:N0} members, {size / 1024.0 / 1024.0:F1} MB");
        }
        return Program.ExitOk;
    }

    private sealed class Clock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
