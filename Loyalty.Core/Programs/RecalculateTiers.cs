using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Programs;

/// <summary>
/// Nightly: spend over a rolling window changes without any purchase (old purchases leave the window), so every
/// member's tier is recomputed set-based in the database, one UPDATE per tier band.
/// </summary>
public sealed class RecalculateTiers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var program = await GetProgram.LoadAsync(db, ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-program.Settings.TierWindowDays);
        var currency = program.Settings.Currency;
        var tiers = program.Tiers.OrderBy(t => t.SpendThreshold).ToList();
        var changed = 0;
        for (var i = -1; i < tiers.Count; i++)
        {
            var tierId = i < 0 ? (Guid?)null : tiers[i].Id;
            var low = i < 0 ? long.MinValue : tiers[i].SpendThreshold;
            var high = i + 1 < tiers.Count ? tiers[i + 1].SpendThreshold : long.MaxValue;
            changed += await db.Customers
                .Where(c => c.TierId != tierId)
                .Where(c => (db.Purchases.Where(p => p.CustomerId == c.Id && p.OccurredAt >= since && p.Currency == currency)
                    .Sum(p => (long?)(p.Amount - p.RefundedAmount)) ?? 0) >= low)
                .Where(c => (db.Purchases.Where(p => p.CustomerId == c.Id && p.OccurredAt >= since && p.Currency == currency)
                    .Sum(p => (long?)(p.Amount - p.RefundedAmount)) ?? 0) < high)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.TierId, tierId), ct);
        }
        return changed;
    }
}
