using Loyalty.Core.Audit;
using Loyalty.Core.Points;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;
using Loyalty.Tests.Infrastructure;
using Loyalty.Tests.PromoCodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using Mode = Loyalty.Tests.Infrastructure.FakeTopUpProvider.Mode;

namespace Loyalty.Tests.Production;

/// <summary>
/// Mobile top-ups are being sent by the app's job when the app is SIGKILLed at a random moment (the provider answers
/// each payment late, so kills land between "sent" and "recorded"). After a restart every request ends Succeeded, the
/// provider paid each request id exactly once, each success is recorded once, and the ledger reconciles.
/// Set CRASH_SEED to replay a run.
/// </summary>
[Collection(ProcessCollection.Name)]
public class TopUpCrashTests(ITestOutputHelper output)
{
    private const int Requests = 10;

    [Fact]
    public async Task Killing_the_app_while_it_sends_top_ups_doubles_none()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"CRASH_SEED={seed}");
        var random = new Random(seed);
        await using var provider = await FakeTopUpProvider.StartAsync();
        provider.LateBy = TimeSpan.FromMilliseconds(500);
        await using var database = await TestDatabase.CreateAsync();
        var ids = new List<Guid>();
        {
            var scenario = await Scenario.CreateAsync(database.Services);
            await using (var db = database.Open())
            {
                db.MobileOperators.Add(new MobileOperator("KZ", "Kcell", "kcell", "+7701,+7702"));
                await db.SaveChangesAsync();
            }
            var (maker, product) = await PromoTestData.MakerAsync(database, points: 6);
            var codes = await PromoTestData.GeneratedCodesAsync(database, maker.Id, product, Requests);
            for (var i = 0; i < Requests; i++)
            {
                var phone = $"+770155520{i:00}";
                provider.Modes[phone] = Mode.PayButAnswerLate;
                var member = await scenario.RegisterAsync(phone);
                var result = await database.Get<ActivatePromoCode>().HandleAsync(new ActivationSource(member.Id, null, null), codes[i], ActivationChannel.CustomerArea);
                Assert.True(result.TopUpRequested);
            }
            await using var read = database.Open();
            ids = await read.TopUpRequests.Select(r => r.Id).ToListAsync();
            Assert.Equal(Requests, ids.Count);
        }
        SqliteConnection.ClearAllPools();

        var environment = new Dictionary<string, string>
        {
            ["Jobs__Enabled"] = "true",
            ["Jobs__TopUpIntervalSeconds"] = "1",
            ["TopUpGateway__BaseUrl"] = provider.BaseUrl,
            ["TopUpGateway__ApiKey"] = FakeTopUpProvider.ApiKey,
        };
        for (var round = 0; round < 2; round++)
        {
            // Kill once the provider has been called (the job is mid-way), after a random extra moment.
            await using var app = await AppProcess.StartAsync(database.FilePath, environment);
            var callsBefore = provider.Calls.Count;
            for (var i = 0; i < 1200 && provider.Calls.Count == callsBefore; i++) await Task.Delay(50);
            var extra = random.Next(0, 1500);
            await Task.Delay(extra);
            await app.KillAsync();
            output.WriteLine($"round {round}: killed {extra} ms after the first call; {provider.Payments.Count} paid so far");
        }

        await using (var app = await AppProcess.StartAsync(database.FilePath, environment))
        {
            // The job, not the clock, ends the wait: every request final (the provider pays them all).
            for (var i = 0; i < 2400; i++)
            {
                await using var db = database.Open();
                if (await db.TopUpRequests.CountAsync(r => r.Status == TopUpStatus.Succeeded) == Requests) break;
                await Task.Delay(250);
            }
        }
        SqliteConnection.ClearAllPools();

        await using (var db = database.Open())
        {
            var statuses = await db.TopUpRequests.Select(r => r.Status).ToListAsync();
            Assert.All(statuses, st => Assert.Equal(TopUpStatus.Succeeded, st));
            Assert.Equal(Requests, await db.AuditEvents.CountAsync(e => e.Kind == "topup.succeeded"));
        }
        Assert.Equal(ids.Select(i => i.ToString("N")).Order(), provider.Payments.Keys.Order());
        Assert.All(provider.Payments.Values, n => Assert.Equal(1, n)); // the provider never paid an id twice
        var report = await database.Get<ReconcileLedger>().HandleAsync();
        Assert.True(report.IsHealthy, $"seed {seed}: {report.Mismatches.Count} mismatches, {report.UnbalancedTransfers.Count} unbalanced");
    }
}
