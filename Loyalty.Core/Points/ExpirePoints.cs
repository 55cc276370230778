using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

/// <summary>
/// Moves what remains of expired lots to the expiry account (invariant 8). Each account's due lots are expired in one
/// small transaction together with their transfers, so a crash mid-run loses nothing and a second run finds nothing to do.
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
                expired += await ExpireLotAsync(lotId, now, ct);
            }
        }
        return expired;
    }

    /// <summary>Expires this lot and any other due lot of the same account, in one small transaction.</summary>
    private async Task<int> ExpireLotAsync(long lotId, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var accountId = await db.PointLots.AsNoTracking().Where(l => l.Id == lotId && l.Remaining > 0).Select(l => (long?)l.AccountId).FirstOrDefaultAsync(ct);
        if (accountId is null) return 0;
        var account = await db.LedgerAccounts.AsNoTracking().FirstAsync(a => a.Id == accountId, ct);
        var expired = await Ledger.ExpireDueLotsAsync(db, account, now, ct);
        await tx.CommitAsync(ct);
        return expired;
    }
}
