using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Loyalty.Tests.Production;

/// <summary>A database that cannot take the write answers a retryable 503 ProblemDetails, and nothing is half-written.</summary>
public class DatabaseFaultTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _scenario = default!;
    private HttpClient _client = default!;
    private Guid _customerId;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.Settings["Database:BusyTimeoutSeconds"] = "1";
        _app.UseKestrel(0);
        _app.StartServer();
        _client = _app.CreateClient();
        _scenario = await Scenario.CreateAsync(_app.Services);
        _customerId = (await _scenario.RegisterAsync("+77015559001", "Aruzhan")).Id;
        _client.DefaultRequestHeaders.Add("X-Api-Key", _scenario.ApiKey);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Purchase_while_another_process_holds_the_write_lock_is_a_retryable_503_and_the_retry_records_it_once()
    {
        var body = new { customer = _customerId, receiptNumber = "LOCK-1", amount = 2_000m, redeemPoints = 50m };
        var before = await _scenario.CountsAsync();
        var balance = await _scenario.BalanceAsync(_customerId);

        await using (var other = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";  // what a second writer process (or a long job) does to the file
            await hold.ExecuteNonQueryAsync();

            var refused = await PostAsync(body, "lock-key-1");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("https://loyalty.local/problems/database-unavailable", problem.RootElement.GetProperty("type").GetString());

            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }
        Assert.Equal(before, await _scenario.CountsAsync());
        Assert.Equal(balance, await _scenario.BalanceAsync(_customerId));

        // The till retries with the same key: recorded once, and a further retry is a replay.
        var retried = await PostAsync(body, "lock-key-1");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var again = await PostAsync(body, "lock-key-1");
        Assert.Equal(await retried.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(before.Purchases + 1, (await _scenario.CountsAsync()).Purchases);
        await _scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task A_full_disk_a_busy_file_and_a_timeout_are_transient_but_a_constraint_violation_is_not()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-full-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x TEXT UNIQUE); PRAGMA max_page_count = 3;";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "INSERT INTO t VALUES (randomblob(20000))";
            var full = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(13, full.SqliteErrorCode); // SQLITE_FULL: what a full disk looks like to the app
            Assert.True(DatabaseFaults.IsTransient(full));
            Assert.True(DatabaseFaults.IsTransient(new Microsoft.EntityFrameworkCore.DbUpdateException("x", full)));
            Assert.True(DatabaseFaults.IsTransient(new TimeoutException()));

            command.CommandText = "PRAGMA max_page_count = 1000; INSERT INTO t VALUES ('a')";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "INSERT INTO t VALUES ('a')";
            var duplicate = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.False(DatabaseFaults.IsTransient(duplicate));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private async Task<HttpResponseMessage> PostAsync<T>(T body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }
}
