using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

/// <summary>One side of a transfer: an account and a signed amount in hundredths of a point.</summary>
public sealed record Leg(LedgerAccount Account, long Amount);

/// <summary>
/// The only code that moves points (DESIGN.md §4). Callers open a transaction, call <see cref="PostAsync"/> any
/// number of times, then save and commit: entries, cached balances and lots change together or not at all.
/// </summary>
public static class Ledger
{
    /// <summary>Writes one balanced transfer. A debit that would take a member's account below zero throws and changes nothing.</summary>
    public static async Task<Transfer> PostAsync(
        ILoyaltyDb db, DateTime at, string reason, string description, IReadOnlyList<Leg> legs,
        Guid? customerId = null, Guid? partnerId = null, Guid? purchaseId = null, DateTime? lotExpiresAt = null,
        CancellationToken ct = default)
    {
        if (legs.Count < 2 || legs.Sum(l => l.Amount) != 0 || legs.Any(l => l.Amount == 0))
            throw new InvalidOperationException("A transfer needs at least two non-zero legs that sum to zero.");
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Points move only inside a transaction.");

        // Debits first: a refused debit must fail before anything else is written.
        foreach (var leg in legs.OrderBy(l => l.Amount))
        {
            var id = leg.Account.Id;
            var amount = leg.Amount;
            if (amount < 0 && leg.Account.IsCustomerAccount)
            {
                // Guarded update (invariant 4): never read-then-write; the row count tells whether the points were there.
                var debit = -amount;
                var updated = await db.LedgerAccounts
                    .Where(a => a.Id == id && a.Balance >= debit)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - debit), ct);
                if (updated != 1)
                    throw new DomainException("insufficient-points", "The member does not have enough points for this.");
                await ConsumeLotsAsync(db, id, debit, ct);
            }
            else
            {
                await db.LedgerAccounts.Where(a => a.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount), ct);
                if (amount > 0 && leg.Account.IsCustomerAccount)
                    db.PointLots.Add(new PointLot(id, amount, at, lotExpiresAt ?? throw new InvalidOperationException("Points credited to a member need an expiry.")));
            }
        }

        var transfer = new Transfer(at, reason, description, customerId, partnerId, purchaseId, legs.Select(l => new Entry(l.Account.Id, l.Amount)));
        db.Transfers.Add(transfer);
        return transfer;
    }

    /// <summary>Expires points of a lot the caller has already zeroed: the guarded balance update without consuming other lots.</summary>
    internal static async Task PostExpiryAsync(ILoyaltyDb db, DateTime at, LedgerAccount account, LedgerAccount expiry, long amount, CancellationToken ct)
    {
        var id = account.Id;
        var updated = await db.LedgerAccounts.Where(a => a.Id == id && a.Balance >= amount)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - amount), ct);
        if (updated != 1) throw new InvalidOperationException($"Account {id} holds less than its unexpired lot.");
        await db.LedgerAccounts.Where(a => a.Id == expiry.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount), ct);
        db.Transfers.Add(new Transfer(at, Reasons.Expiry, "Points expired", account.CustomerId, null, null,
            [new Entry(account.Id, -amount), new Entry(expiry.Id, amount)]));
    }

    public static Task<LedgerAccount?> FindAccountAsync(ILoyaltyDb db, string key, CancellationToken ct = default) =>
        db.LedgerAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Key == key, ct);

    /// <summary>Finds an account by its key, creating it on first use.</summary>
    public static async Task<LedgerAccount> AccountAsync(ILoyaltyDb db, LedgerAccount template, CancellationToken ct = default)
    {
        var existing = await db.LedgerAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Key == template.Key, ct);
        if (existing is not null) return existing;
        db.LedgerAccounts.Add(template);
        try
        {
            await db.SaveChangesAsync(ct);
            return template;
        }
        catch (DbUpdateException) when (db.Database.CurrentTransaction is null)
        {
            // Another request created the same account a moment ago (unique key): use theirs.
            db.LedgerAccounts.Entry(template).State = EntityState.Detached;
            return await db.LedgerAccounts.AsNoTracking().FirstAsync(a => a.Key == template.Key, ct);
        }
    }

    public static Task<LedgerAccount> CustomerAccountAsync(ILoyaltyDb db, Guid customerId, AccountKind kind = AccountKind.CustomerMain, CancellationToken ct = default) =>
        AccountAsync(db, LedgerAccount.ForCustomer(customerId, kind), ct);

    public static Task<LedgerAccount> PartnerAccountAsync(ILoyaltyDb db, Guid partnerId, AccountKind kind, CancellationToken ct = default) =>
        AccountAsync(db, LedgerAccount.ForPartner(partnerId, kind), ct);

    public static Task<LedgerAccount> SystemAccountAsync(ILoyaltyDb db, AccountKind kind, CancellationToken ct = default) =>
        AccountAsync(db, LedgerAccount.System(kind), ct);

    /// <summary>Takes points from the lots that expire first, so a member never loses points they could have spent.</summary>
    private static async Task ConsumeLotsAsync(ILoyaltyDb db, long accountId, long amount, CancellationToken ct)
    {
        // Lots added earlier in this unit of work must be visible to the query below (still uncommitted).
        await db.SaveChangesAsync(ct);
        var left = amount;
        while (left > 0)
        {
            var lots = await db.PointLots
                .Where(l => l.AccountId == accountId && l.Remaining > 0)
                .OrderBy(l => l.ExpiresAt).ThenBy(l => l.Id)
                .Take(32)
                .ToListAsync(ct);
            if (lots.Count == 0) throw new InvalidOperationException($"Account {accountId} has a balance its lots do not cover.");
            foreach (var lot in lots)
            {
                var take = Math.Min(lot.Remaining, left);
                lot.Remaining -= take;
                left -= take;
                if (left == 0) break;
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
