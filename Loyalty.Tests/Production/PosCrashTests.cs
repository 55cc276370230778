using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Data.Demo;
using Loyalty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Loyalty.Tests.Production;

/// <summary>
/// Tills keep buying while the app is SIGKILLed at a random moment; after a restart the tills retry every request
/// with its Idempotency-Key. Answers given before the crash come back unchanged, every receipt is recorded exactly
/// once, and every ledger invariant holds. The kill points come from a seed printed in the output
/// (set CRASH_SEED to replay one).
/// </summary>
[Collection(ProcessCollection.Name)]
public class PosCrashTests(ITestOutputHelper output)
{
    private const int Tills = 4;

    [Fact]
    public async Task Killing_the_app_during_purchases_loses_nothing_and_doubles_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"CRASH_SEED={seed}");
        var random = new Random(seed);
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-pos-crash-{Guid.NewGuid():N}.db");
        var prefix = "crash-" + seed + "-";
        var answers = new ConcurrentDictionary<string, string>();
        var sent = new ConcurrentDictionary<string, int>();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                var killAfter = TimeSpan.FromMilliseconds(random.Next(300, 2500));
                output.WriteLine($"round {round}: kill after {killAfter.TotalMilliseconds} ms of traffic");
                await using var app = await AppProcess.StartAsync(path, new Dictionary<string, string> { ["Jobs__Enabled"] = "false" });
                using var stop = new CancellationTokenSource();
                var tills = Enumerable.Range(0, Tills).Select(till => Task.Run(async () =>
                {
                    using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var key = $"{prefix}{round}-{till}-{n}";
                        sent[key] = n;
                        try
                        {
                            var (status, body) = await PostAsync(http, key, n);
                            if (status == HttpStatusCode.Created) answers[key] = body;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return; } // the app is gone
                    }
                })).ToArray();
                await Task.Delay(killAfter);
                await app.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(tills);
                output.WriteLine($"round {round}: {answers.Count} answered, {sent.Count} sent so far");
            }

            // Restart and let every till retry everything it ever sent.
            await using (var app = await AppProcess.StartAsync(path, new Dictionary<string, string> { ["Jobs__Enabled"] = "false" }))
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
                foreach (var (key, n) in sent)
                {
                    var (status, body) = await PostAsync(http, key, n);
                    Assert.True(status == HttpStatusCode.Created, $"{key}: {(int)status} {body}");
                    if (answers.TryGetValue(key, out var original)) Assert.Equal(original, body);
                }
            }

            await using var services = TestDatabase.BuildServices(path);
            await using (var db = services.GetRequiredService<ILoyaltyDbFactory>().Create())
            {
                var recorded = await db.Purchases.Where(p => p.ReceiptNumber.StartsWith(prefix)).Select(p => p.ReceiptNumber).ToListAsync();
                Assert.Equal(sent.Keys.Order(), recorded.Order());
            }
            var report = await services.GetRequiredService<ReconcileLedger>().HandleAsync();
            Assert.True(report.IsHealthy, $"seed {seed}: total {report.EntriesTotal}, {report.Mismatches.Count} mismatches, {report.UnbalancedTransfers.Count} unbalanced, {report.NegativeCustomerAccounts} negative");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string key, int n)
    {
        // A till that hears "too many requests" waits and sends the same request again, as the 429 asks.
        for (var attempt = 0; ; attempt++)
        {
            var (status, body) = await PostOnceAsync(http, key, n);
            if (status != HttpStatusCode.TooManyRequests || attempt == 50) return (status, body);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostOnceAsync(HttpClient http, string key, int n)
    {
        // The receipt number is the key itself, so the test can count receipts; every third one also redeems.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases")
        {
            Content = JsonContent.Create(new { customer = DemoSeeder.CustomerPhone, receiptNumber = key, amount = 1_000m + n, redeemPoints = n % 3 == 0 ? 5m : 0m }),
        };
        request.Headers.Add("X-Api-Key", DemoSeeder.PosKey);
        request.Headers.Add("Idempotency-Key", key);
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
