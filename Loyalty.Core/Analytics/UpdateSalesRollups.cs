using Loyalty.Core.Common;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

public sealed record RollupUpdate(int Purchases, int Refunds);

/// <summary>
/// Folds the receipts and refunds not rolled up yet into the analytics roll-ups (0220): sales per day, store, till and
/// cashier; lines per day and category; distinct buyers per day, week and month; cohort cells; members' first purchases
/// per day — for each partner, and the buyers, cohorts and first purchases for the coalition too. Every minute, outside the till's write path, in one write that also marks what
/// it read, so each receipt reaches the roll-ups exactly once whatever its date (live, imported, backdated). The first run
/// builds them from the whole history.
/// </summary>
public sealed class UpdateSalesRollups(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<RollupUpdate> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        // Reads before writing: an idle minute costs two probes of short partial indexes, not a write lock.
        if (!await db.Purchases.AnyAsync(p => p.RolledUpAt == null, ct) && !await db.Refunds.AnyAsync(r => r.RolledUpAt == null, ct))
            return new RollupUpdate(0, 0);
        await using var tx = await ProfileSql.For(db).BeginAsync(db, ct);
        var result = await FoldAsync(db, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Starts the roll-ups again from the whole history (weekly, with the profiles' rebuild): corrects what increments cannot
    /// see — receipts moved to another member by a merge change who the buyers and cohorts were.
    /// </summary>
    public async Task<RollupUpdate> RebuildAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await using var tx = await ProfileSql.For(db).BeginAsync(db, ct);
        await db.SalesDays.ExecuteDeleteAsync(ct);
        await db.CategoryDays.ExecuteDeleteAsync(ct);
        await db.BuyerCounts.ExecuteDeleteAsync(ct);
        await db.CohortCells.ExecuteDeleteAsync(ct);
        await db.FirstPurchaseDays.ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Purchases\" SET \"RolledUpAt\" = NULL WHERE \"RolledUpAt\" IS NOT NULL", ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Refunds\" SET \"RolledUpAt\" = NULL WHERE \"RolledUpAt\" IS NOT NULL", ct);
        var result = await FoldAsync(db, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private async Task<RollupUpdate> FoldAsync(ILoyaltyDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sql = RollupSql.For(db);
        var all = RollupSlice.Everything;
        // Nothing rolled up yet (the first run, a rebuild): no member has an earlier month or bucket to probe for.
        var fresh = !await db.Purchases.AnyAsync(p => p.RolledUpAt != null, ct);

        await WriteAsync(db, sql.Upsert("SalesDays", RollupSql.SalesDayKey, RollupSql.SalesDayFigures, sql.SalesDayDeltas(all)), ct);
        await WriteAsync(db, sql.Upsert("CategoryDays", RollupSql.CategoryDayKey, RollupSql.CategoryDayFigures, sql.CategoryDayDeltas(all)), ct);
        foreach (var coalition in new[] { false, true })
        {
            foreach (var granularity in Enum.GetValues<Granularity>())
                await WriteAsync(db, sql.Upsert("BuyerCounts", RollupSql.BuyerCountKey, RollupSql.BuyersFigure, sql.BuyerDeltas(granularity, coalition, all, fresh)), ct);
            await WriteAsync(db, sql.Upsert("CohortCells", RollupSql.CohortCellKey, RollupSql.BuyersFigure, sql.CohortDeltas(coalition, all, fresh)), ct);
            await WriteAsync(db, sql.Upsert("FirstPurchaseDays", RollupSql.FirstPurchaseDayKey, RollupSql.FirstPurchaseDayFigures, sql.FirstPurchaseDeltas(coalition, all, fresh)), ct);
        }

        var refunds = await db.Database.ExecuteSqlAsync($"UPDATE \"Refunds\" SET \"RolledUpAt\" = {now} WHERE \"RolledUpAt\" IS NULL", ct);
        var purchases = await db.Database.ExecuteSqlAsync($"UPDATE \"Purchases\" SET \"RolledUpAt\" = {now} WHERE \"RolledUpAt\" IS NULL", ct);
        return new RollupUpdate(purchases, refunds);
    }

    private static Task WriteAsync(ILoyaltyDb db, Messaging.SqlBuilder upsert, CancellationToken ct) => db.Database.ExecuteSqlAsync(upsert.Build(), ct);
}
