using Loyalty.Core;
using Loyalty.Core.Points;
using Loyalty.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// Runs the ledger reconciliation on the database the app just wrote, with the app stopped: throughput means nothing
/// if concurrent purchases left unbalanced transfers or balances that disagree with their entries.
/// </summary>
public static class LedgerCheck
{
    public static async Task<ReconciliationReport> RunAsync(string databasePath, string contentRoot, CancellationToken ct)
    {
        // Wired as Loyalty.Tests' TestDatabase does: the app's own data layer and use cases, no web host.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={databasePath}" })
            .Build();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddLoyaltyData(configuration, contentRoot)
            .AddLoyaltyCore()
            .BuildServiceProvider();
        try
        {
            return await services.GetRequiredService<ReconcileLedger>().HandleAsync(ct);
        }
        finally
        {
            // Pooled connections would keep the file open and stop us deleting it.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    public static void Print(ReconciliationReport report, TextWriter output)
    {
        output.WriteLine($"Ledger healthy:        {(report.IsHealthy ? "yes" : "NO")}");
        output.WriteLine($"  accounts checked:    {report.AccountsChecked}");
        output.WriteLine($"  entries total:       {report.EntriesTotal} (must be 0)");
        output.WriteLine($"  unbalanced transfers: {report.UnbalancedTransfers.Count}{Sample(report.UnbalancedTransfers)}");
        output.WriteLine($"  balance mismatches:  {report.Mismatches.Count}");
        foreach (var m in report.Mismatches.Take(10))
            output.WriteLine($"    account {m.AccountId} {m.Key}: cached {m.CachedBalance}, entries {m.EntriesSum}, lots {m.LotsRemaining}");
        output.WriteLine($"  negative members:    {report.NegativeCustomerAccounts}");
    }

    private static string Sample(IReadOnlyList<long> ids) => ids.Count == 0 ? "" : $" (e.g. {string.Join(", ", ids.Take(10))})";
}
