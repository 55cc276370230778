using Loyalty.Core.Jobs;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Data.Demo;
using Loyalty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Loyalty.Tests.Production;

/// <summary>
/// Two real app processes on one database, as two nodes behind a load balancer (docs/decisions/0110).
/// SQLite stands in for SQL Server here: two processes on one file work (the busy timeout serialises their writers),
/// which is enough to prove the shared state; production multi-node runs on SQL Server (and only there can Quartz cluster).
/// </summary>
[Collection(ProcessCollection.Name)]
public class TwoNodeTests
{
    // Quartz refuses a clustered job store on SQLite ("cannot be used as clustered mode due to locking problems"), so
    // both nodes run their own in-memory schedule and the JobFirings claims make each firing run on one node only
    // (docs/decisions/0110, 0117). The referral job fires every second here so that the test sees many firings.
    private const string ShortJob = "ReferralRewardsJob";
    private static readonly Dictionary<string, string> Clustered = new() { ["Jobs__Enabled"] = "true", ["Jobs__ReferralIntervalSeconds"] = "1" };

    [Fact]
    public async Task Two_nodes_share_purchases_idempotency_and_sign_ins()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-nodes-{Guid.NewGuid():N}.db");
        try
        {
            await using var a = await AppProcess.StartAsync(path, Clustered);
            await using var b = await AppProcess.StartAsync(path, Clustered);

            // A purchase recorded through node A is read back through node B.
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
            var receipt = "2N-" + Guid.NewGuid().ToString("N")[..8];
            using var purchase = new HttpRequestMessage(HttpMethod.Post, a.BaseUrl + "/api/pos/v1/purchases")
            {
                Content = JsonContent.Create(new { customer = DemoSeeder.CustomerPhone, receiptNumber = receipt, amount = 5000m, redeemPoints = 0m }),
            };
            purchase.Headers.Add("X-Api-Key", DemoSeeder.PosKey);
            purchase.Headers.Add("Idempotency-Key", receipt);
            var recorded = await http.SendAsync(purchase);
            Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync());
            var customerId = body.RootElement.GetProperty("customerId").GetString();
            var transactionId = body.RootElement.GetProperty("transactionId").GetString();

            using var history = new HttpRequestMessage(HttpMethod.Get, $"{b.BaseUrl}/api/pos/v1/customers/{customerId}/transactions");
            history.Headers.Add("X-Api-Key", DemoSeeder.PosKey);
            var seen = await http.SendAsync(history);
            Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
            Assert.Contains(transactionId!, await seen.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

            // The same Idempotency-Key replayed on node B returns node A's answer, not a second purchase.
            using var replay = new HttpRequestMessage(HttpMethod.Post, b.BaseUrl + "/api/pos/v1/purchases")
            {
                Content = JsonContent.Create(new { customer = DemoSeeder.CustomerPhone, receiptNumber = receipt, amount = 5000m, redeemPoints = 0m }),
            };
            replay.Headers.Add("X-Api-Key", DemoSeeder.PosKey);
            replay.Headers.Add("Idempotency-Key", receipt);
            var replayed = await http.SendAsync(replay);
            Assert.Contains(transactionId!, await replayed.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

            // Signed in on node A (cookie protected with the shared Data Protection keys), the console opens on node B.
            var page = await http.GetStringAsync(a.BaseUrl + "/account/login");
            var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            var signIn = await http.PostAsync(a.BaseUrl + "/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "staff-login",
                ["Input.Email"] = DemoSeeder.OperatorEmail,
                ["Input.Password"] = DemoSeeder.Password,
            }));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/operator", signIn.Headers.Location!.AbsolutePath);
            var console = await http.GetAsync(b.BaseUrl + "/operator");
            Assert.True(console.StatusCode == HttpStatusCode.OK, $"node B answered {(int)console.StatusCode} {console.Headers.Location}\n{b.Output}");

            // A scheduled job runs exactly once across the nodes: both fire the same instants, one claims, one stands down.
            await WaitForAsync(async () => await CountAsync(path, $"SELECT COUNT(*) FROM \"JobFirings\" WHERE \"Job\" = '{ShortJob}'") >= 12
                && Vetoed(a.Output).Count + Vetoed(b.Output).Count >= 2);
            // A claim is kept to the second (ClaimJobFiring), so the logged instants are compared at that grain.
            var ranOnA = Fired(a.Output).Select(ClaimJobFiring.Truncate).ToList();
            var ranOnB = Fired(b.Output).Select(ClaimJobFiring.Truncate).ToList();
            var vetoedOnA = Vetoed(a.Output).Select(ClaimJobFiring.Truncate).ToList();
            var vetoedOnB = Vetoed(b.Output).Select(ClaimJobFiring.Truncate).ToList();
            var claims = await ClaimsAsync(path);
            // Only firings well before the last one seen: for those every node has logged what it did.
            var cutoff = ranOnA.Concat(ranOnB).Max().AddSeconds(-3);
            var ran = ranOnA.Concat(ranOnB).Where(t => t <= cutoff).ToList();
            Assert.Equal(ran.Distinct().Count(), ran.Count); // no firing ran on both nodes
            Assert.Equal(claims.Where(t => t <= cutoff).Order(), ran.Order()); // every claimed firing ran, once
            Assert.All(vetoedOnA.Where(t => t <= cutoff), t => Assert.Contains(t, ranOnB)); // A stood down because B ran it
            Assert.All(vetoedOnB.Where(t => t <= cutoff), t => Assert.Contains(t, ranOnA));
            Assert.NotEmpty(vetoedOnA.Concat(vetoedOnB)); // both nodes really fired the same instants
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    private static List<DateTime> Fired(string output) => Times(output, $@"Job {ShortJob} fired \(scheduled ([^)]+)\)");

    private static List<DateTime> Vetoed(string output) => Times(output, $@"Job {ShortJob} firing (\S+) already claimed by another node");

    private static List<DateTime> Times(string output, string pattern) =>
        Regex.Matches(output, pattern).Select(m => DateTime.Parse(m.Groups[1].Value, null, System.Globalization.DateTimeStyles.AdjustToUniversal)).ToList();

    private static async Task<List<DateTime>> ClaimsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"ScheduledAt\" FROM \"JobFirings\" WHERE \"Job\" = '{ShortJob}'";
        var times = new List<DateTime>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            times.Add(DateTime.Parse(reader.GetString(0), null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal));
        return times;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // Generous: the shared machine can be very slow; the condition, not the clock, ends the wait.
        for (var i = 0; i < 600; i++)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail("The nodes did not fire the short job often enough within the wait.");
    }

    internal static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>Tests that start app processes run one at a time: two cores are shared with the rest of the suite.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "App processes";
}
