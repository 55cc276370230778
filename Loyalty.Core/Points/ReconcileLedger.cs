using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

public sealed record AccountMismatch(long AccountId, string Key, long CachedBalance, long EntriesSum, long LotsRemaining);

public sealed record ReconciliationReport(
    long EntriesTotal,
    IReadOnlyList<long> UnbalancedTransfers,
    IReadOnlyList<AccountMismatch> Mismatches,
    int NegativeCustomerAccounts,
    int AccountsChecked)
{
    public bool IsHealthy => EntriesTotal == 0 && UnbalancedTransfers.Count == 0 && Mismatches.Count == 0 && NegativeCustomerAccounts == 0;
}

/// <summary>
/// Proves the ledger's invariants in the database, set-based: every transfer sums to zero, all entries sum to zero,
/// every cached balance equals its entries, member balances are not negative and their lots cover them exactly.
/// </summary>
public sealed class ReconcileLedger(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ReconciliationReport> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var total = await db.Entries.SumAsync(e => e.Amount, ct);
        var unbalanced = await db.Entries.GroupBy(e => e.TransferId)
            .Where(g => g.Sum(e => e.Amount) != 0).Select(g => g.Key).Take(100).ToListAsync(ct);

        var customerKinds = new[] { AccountKind.CustomerMain, AccountKind.CustomerPromo };
        var mismatches = await db.LedgerAccounts
            .Select(a => new
            {
                a.Id,
                a.Key,
                a.Balance,
                IsCustomer = customerKinds.Contains(a.Kind),
                Entries = db.Entries.Where(e => e.AccountId == a.Id).Sum(e => (long?)e.Amount) ?? 0,
                Lots = db.PointLots.Where(l => l.AccountId == a.Id).Sum(l => (long?)l.Remaining) ?? 0,
            })
            .Where(a => a.Balance != a.Entries || (a.IsCustomer && a.Lots != a.Balance))
            .Take(100)
            .Select(a => new AccountMismatch(a.Id, a.Key, a.Balance, a.Entries, a.Lots))
            .ToListAsync(ct);

        var negative = await db.LedgerAccounts.CountAsync(a => customerKinds.Contains(a.Kind) && a.Balance < 0, ct);
        return new ReconciliationReport(total, unbalanced, mismatches, negative, await db.LedgerAccounts.CountAsync(ct));
    }
}
