using Loyalty.Core.Points;
using Loyalty.Core.Settlements;
using Loyalty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Loyalty.Tests.Production;

/// <summary>
/// The app's settlement job (every second here, <c>Jobs__SettlementCron</c>) closes last month while the app is
/// SIGKILLed at random moments. After a restart the month is closed exactly once: one statement per partner, one
/// "period closed" audit event, and the ledger reconciles. Set CRASH_SEED to replay a run.
/// </summary>
[Collection(ProcessCollection.Name)]
public class SettlementCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_app_while_it_closes_a_month_closes_it_exactly_once()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"CRASH_SEED={seed}");
        var random = new Random(seed);
        // The app closes the month before the real current one (it runs on the real clock): the purchases go there.
        var today = DateTime.UtcNow;
        var lastMonth = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1);
        var period = SettlementPeriod.LastFinished(today);
        await using var database = await TestDatabase.CreateAsync(services =>
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(lastMonth.AddDays(10)))));
        var partners = new List<Guid>();
        for (var p = 0; p < 3; p++)
        {
            var scenario = await Scenario.CreateAsync(database.Services);
            partners.Add(scenario.Partner.Id);
            var member = await scenario.RegisterAsync($"+770155530{p:00}");
            for (var n = 0; n < 5; n++) await scenario.BuyAsync(member.Id, 1_000m + n, redeem: n == 4 ? 5m : 0m);
        }
        SqliteConnection.ClearAllPools();

        var environment = new Dictionary<string, string> { ["Jobs__Enabled"] = "true", ["Jobs__SettlementCron"] = "* * * * * ?" };
        for (var round = 0; round < 2; round++)
        {
            await using var app = await AppProcess.StartAsync(database.FilePath, environment);
            var wait = random.Next(0, 2000);
            await Task.Delay(wait);
            await app.KillAsync();
            output.WriteLine($"round {round}: killed {wait} ms after start");
        }
        await using (var app = await AppProcess.StartAsync(database.FilePath, environment))
        {
            // Wait until the month is closed and a few more firings have run over it (they must change nothing).
            for (var i = 0; i < 2400; i++)
            {
                await using var db = database.Open();
                if (await db.JobFirings.CountAsync(f => f.Job == "CloseSettlementsJob") >= 4
                    && await db.Settlements.AnyAsync(x => x.PeriodStart == period.Start)) break;
                await Task.Delay(250);
            }
        }
        SqliteConnection.ClearAllPools();

        await using (var db = database.Open())
        {
            var statements = await db.Settlements.Where(x => x.PeriodStart == period.Start).Select(x => x.PartnerId).ToListAsync();
            Assert.Equal(statements.Distinct().Count(), statements.Count); // no partner's month closed twice
            Assert.All(partners, p => Assert.Contains(p, statements)); // (the demo seed may add its own partners)
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == "settlement.period-closed"));
        }
        var report = await database.Get<ReconcileLedger>().HandleAsync();
        Assert.True(report.IsHealthy, $"seed {seed}: {report.Mismatches.Count} mismatches, {report.UnbalancedTransfers.Count} unbalanced");
    }
}
