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
    /// <summary>
    /// Writes one balanced transfer. A debit that would take a member's account below zero throws and changes nothing.
    /// The statements are plain ADO.NET (see <see cref="RawSql"/>): this runs inside every purchase, under the writer lock.
    /// </summary>
    public static async Task<long> PostAsync(
        ILoyaltyDb db, DateTime at, string reason, string description, IReadOnlyList<Leg> legs,
        Guid? customerId = null, Guid? partnerId = null, Guid? purchaseId = null, DateTime? lotExpiresAt = null,
        CancellationToken ct = default)
    {
        if (legs.Count < 2 || legs.Sum(l => l.Amount) != 0 || legs.Any(l => l.Amount == 0))
            throw new InvalidOperationException("A transfer needs at least two non-zero legs that sum to zero.");
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Points move only inside a transaction.");

        // Rows the caller added through EF (an account, a purchase) must exist before statements refer to them.
        await db.SaveChangesAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);

        // Debits first: a refused debit must fail before anything else is written.
        foreach (var leg in legs.OrderBy(l => l.Amount))
        {
            var id = leg.Account.Id;
            var amount = leg.Amount;
            if (amount < 0 && leg.Account.IsCustomerAccount)
            {
                // Points past their expiry are gone even if the nightly job has not run yet: never spend them.
                await ExpireDueLotsAsync(db, sql, leg.Account, at, ct);
                // Guarded update (invariant 4): never read-then-write; the row count tells whether the points were there.
                var debit = -amount;
                var updated = await sql.ExecuteAsync(
                    """UPDATE "LedgerAccounts" SET "Balance" = "Balance" - @amount WHERE "Id" = @id AND "Balance" >= @amount""",
                    ct, ("@amount", debit), ("@id", id));
                if (updated != 1)
                    throw new DomainException("insufficient-points", "The member does not have enough points for this.");
                await ConsumeLotsAsync(sql, id, debit, ct);
            }
            else
            {
                await sql.ExecuteAsync("""UPDATE "LedgerAccounts" SET "Balance" = "Balance" + @amount WHERE "Id" = @id""",
                    ct, ("@amount", amount), ("@id", id));
                if (amount > 0 && leg.Account.IsCustomerAccount)
                {
                    var expiresAt = lotExpiresAt ?? throw new InvalidOperationException("Points credited to a member need an expiry.");
                    await sql.ExecuteAsync(
                        """INSERT INTO "PointLots" ("AccountId", "Amount", "Remaining", "EarnedAt", "ExpiresAt") VALUES (@account, @amount, @amount, @at, @expires)""",
                        ct, ("@account", id), ("@amount", amount), ("@at", at), ("@expires", expiresAt));
                }
            }
        }

        return await InsertTransferAsync(sql, at, reason, description, customerId, partnerId, purchaseId, legs.Select(l => (l.Account.Id, l.Amount)), ct);
    }

    /// <summary>The expiry job's and the refund's entry point: see the private overload.</summary>
    internal static async Task<int> ExpireDueLotsAsync(ILoyaltyDb db, LedgerAccount account, DateTime now, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        return await ExpireDueLotsAsync(db, await RawSql.OnAsync(db, ct), account, now, ct);
    }

    /// <summary>
    /// Moves what is left of an account's lots that expired by <paramref name="now"/> to the expiry account, lot by lot,
    /// exactly as the nightly job would (invariant 8): whichever comes first, the other finds nothing left to expire.
    /// The account row is written before its lots, in the same order as a purchase, so the job and a till never wait
    /// for each other in a circle on a database that locks rows.
    /// </summary>
    private static async Task<int> ExpireDueLotsAsync(ILoyaltyDb db, RawSql sql, LedgerAccount account, DateTime now, CancellationToken ct)
    {
        var due = new List<(long Id, long Remaining)>();
        await using (var reader = await sql.ReaderAsync(
            $"""SELECT {sql.Top(32)}"Id", "Remaining" FROM "PointLots" WHERE "AccountId" = @id AND "Remaining" > 0 AND "ExpiresAt" <= @now ORDER BY "ExpiresAt", "Id"{sql.Limit(32)}""",
            ct, ("@id", account.Id), ("@now", now)))
        {
            while (await reader.ReadAsync(ct)) due.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        if (due.Count == 0) return 0;

        var expiry = await SystemAccountAsync(db, AccountKind.Expiry, ct);
        foreach (var (lotId, remaining) in due)
        {
            var debited = await sql.ExecuteAsync(
                """UPDATE "LedgerAccounts" SET "Balance" = "Balance" - @amount WHERE "Id" = @id AND "Balance" >= @amount""",
                ct, ("@amount", remaining), ("@id", account.Id));
            if (debited != 1) throw new InvalidOperationException($"Account {account.Id} holds less than its unexpired lot.");
            var zeroed = await sql.ExecuteAsync("""UPDATE "PointLots" SET "Remaining" = 0 WHERE "Id" = @id AND "Remaining" = @remaining""",
                ct, ("@id", lotId), ("@remaining", remaining));
            if (zeroed != 1) throw new DbUpdateConcurrencyException($"Point lot {lotId} changed while it was expiring.");
            await sql.ExecuteAsync("""UPDATE "LedgerAccounts" SET "Balance" = "Balance" + @amount WHERE "Id" = @id""",
                ct, ("@amount", remaining), ("@id", expiry.Id));
            await InsertTransferAsync(sql, now, Reasons.Expiry, "Points expired", account.CustomerId, null, null,
                [(account.Id, -remaining), (expiry.Id, remaining)], ct);
        }
        // More than a batch of expired lots is rare (one per earning); the next debit or the job takes the rest.
        return due.Count;
    }

    private static async Task<long> InsertTransferAsync(RawSql sql, DateTime at, string reason, string description,
        Guid? customerId, Guid? partnerId, Guid? purchaseId, IEnumerable<(long AccountId, long Amount)> entries, CancellationToken ct)
    {
        var transferId = await sql.ScalarAsync<long>(
            $"""INSERT INTO "Transfers" ("OccurredAt", "Reason", "Description", "CustomerId", "PartnerId", "PurchaseId") {sql.OutputId}VALUES (@at, @reason, @description, @customer, @partner, @purchase){sql.ReturningId}""",
            ct, ("@at", at), ("@reason", reason), ("@description", Truncate(description, Transfer.DescriptionMaxLength)),
            ("@customer", customerId), ("@partner", partnerId), ("@purchase", purchaseId));
        var legs = entries.ToList();
        if (legs.Count == 2)
        {
            // Nearly every transfer has two legs: one statement for both.
            await sql.ExecuteAsync("""INSERT INTO "Entries" ("TransferId", "AccountId", "Amount") VALUES (@transfer, @account1, @amount1), (@transfer, @account2, @amount2)""",
                ct, ("@transfer", transferId), ("@account1", legs[0].AccountId), ("@amount1", legs[0].Amount), ("@account2", legs[1].AccountId), ("@amount2", legs[1].Amount));
            return transferId;
        }
        foreach (var (accountId, amount) in legs)
        {
            await sql.ExecuteAsync("""INSERT INTO "Entries" ("TransferId", "AccountId", "Amount") VALUES (@transfer, @account, @amount)""",
                ct, ("@transfer", transferId), ("@account", accountId), ("@amount", amount));
        }
        return transferId;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>
    /// Reads a balance for a rule that takes "what is there" (a refund reclaiming points, a debt being settled). The
    /// no-op write first takes the account's row lock where the database locks rows, so no till can spend the points
    /// between this read and the debit that follows.
    /// </summary>
    internal static async Task<long> LockedBalanceAsync(ILoyaltyDb db, long accountId, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        await sql.ExecuteAsync("""UPDATE "LedgerAccounts" SET "Balance" = "Balance" WHERE "Id" = @id""", ct, ("@id", accountId));
        return await sql.ScalarAsync<long>("""SELECT "Balance" FROM "LedgerAccounts" WHERE "Id" = @id""", ct, ("@id", accountId));
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
    private static async Task ConsumeLotsAsync(RawSql sql, long accountId, long amount, CancellationToken ct)
    {
        var left = amount;
        while (left > 0)
        {
            var lots = new List<(long Id, long Remaining)>();
            await using (var reader = await sql.ReaderAsync(
                $"""SELECT {sql.Top(32)}"Id", "Remaining" FROM "PointLots" WHERE "AccountId" = @id AND "Remaining" > 0 ORDER BY "ExpiresAt", "Id"{sql.Limit(32)}""",
                ct, ("@id", accountId)))
            {
                while (await reader.ReadAsync(ct)) lots.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
            if (lots.Count == 0) throw new InvalidOperationException($"Account {accountId} has a balance its lots do not cover.");
            foreach (var (lotId, remaining) in lots)
            {
                var take = Math.Min(remaining, left);
                // Guarded like the balance: a lot changed by someone else since the read is an error, never a double spend.
                var updated = await sql.ExecuteAsync("""UPDATE "PointLots" SET "Remaining" = "Remaining" - @take WHERE "Id" = @id AND "Remaining" = @remaining""",
                    ct, ("@take", take), ("@id", lotId), ("@remaining", remaining));
                if (updated != 1) throw new DbUpdateConcurrencyException($"Point lot {lotId} changed while it was being spent.");
                left -= take;
                if (left == 0) break;
            }
        }
    }
}
