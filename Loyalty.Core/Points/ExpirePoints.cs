using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

/// <summary>
/// Moves what remains of expired lots to the expiry account (invariant 8). Each lot is expired in its own small
/// transaction together with its transfer, so a crash mid-run loses nothing and a second run finds nothing to do.
/// </summary>
public sealed class ExpirePoints(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(int batchSize = 500, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var db = dbs.Create();
            var lotIds = await db.PointLots.AsNoTracking()
                .Where(l => l.ExpiresAt <= now && l.Remaining > 0)
                .OrderBy(l => l.ExpiresAt).ThenBy(l => l.Id)
                .Select(l => l.Id).Take(batchSize).ToListAsync(ct);
            if (lotIds.Count == 0) break;
            foreach (var lotId in lotIds)
            {
                if (await ExpireLotAsync(lotId, now, ct)) expired++;
            }
        }
        return expired;
    }

    private async Task<bool> ExpireLotAsync(long lotId, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var lot = await db.PointLots.FirstOrDefaultAsync(l => l.Id == lotId && l.Remaining > 0, ct);
        if (lot is null) return false;
        var account = await db.LedgerAccounts.AsNoTracking().FirstAsync(a => a.Id == lot.AccountId, ct);
        var expiry = await Ledger.SystemAccountAsync(db, AccountKind.Expiry, ct);
        var amount = lot.Remaining;

        // Posting debits the account and would consume lots oldest-first; this lot is the one expiring, so take it
        // from this lot directly: zero it first, then post the guarded balance change without lot consumption.
        lot.Remaining = 0;
        await db.SaveChangesAsync(ct);
        await Ledger.PostExpiryAsync(db, now, account, expiry, amount, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
