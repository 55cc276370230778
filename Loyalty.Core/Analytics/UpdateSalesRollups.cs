using Loyalty.Core.Common;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

public sealed record RollupUpdate(int Purchases, int Refunds);

/// <summary>
/// Folds the receipts and refunds not rolled up yet into the analytics roll-ups (0220): sales per day, store, till and
/// cashier; lines per day and category; distinct buyers per day, week and month; cohort cells; members' first purchases
/// per day (0230) — for each partner, and the buyers, cohorts and first purchases for the coalition too. Every minute,
/// outside the till's write path, in short writes of a batch of members each that also mark what they read, so each
/// receipt reaches the roll-ups exactly once whatever its date (live, imported, backdated). The first run builds them from
/// the whole history the same way.
/// </summary>
public sealed class UpdateSalesRollups(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <summary>
    /// Pending receipts per write: their members' receipts are folded together, so each write holds the tills' write lock for
    /// a fraction of a second (0.3–0.4 s typically; 2.5 s at most while building 2,000,000 receipts, whose first members bring
    /// the longest histories), and the first build of millions is many short writes (0230).
    /// </summary>
    public const int BatchReceipts = 2_000;

    public Task<RollupUpdate> HandleAsync(CancellationToken ct = default) => HandleAsync(BatchReceipts, ct);

    /// <param name="batchReceipts">Pending receipts per write (tests fold a few at a time to prove batches add up).</param>
    public async Task<RollupUpdate> HandleAsync(int batchReceipts, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var total = new RollupUpdate(0, 0);
        // Reads before writing: an idle minute costs two probes of short partial indexes, not a write lock.
        while (await db.Purchases.AnyAsync(p => p.RolledUpAt == null, ct) || await db.Refunds.AnyAsync(r => r.RolledUpAt == null, ct))
        {
            ct.ThrowIfCancellationRequested();
            await using var tx = await ProfileSql.For(db).BeginAsync(db, ct);
            var batch = await FoldBatchAsync(db, batchReceipts, ct);
            await tx.CommitAsync(ct);
            total = new RollupUpdate(total.Purchases + batch.Purchases, total.Refunds + batch.Refunds);
        }
        return total;
    }

    /// <summary>
    /// Starts the roll-ups again from the whole history (weekly, with the profiles' rebuild, unless turned off): corrects what
    /// increments cannot see — receipts moved to another member by a merge change who the buyers and cohorts were. The
    /// clearing is one write; the folding is batched like the minute's.
    /// </summary>
    public Task<RollupUpdate> RebuildAsync(CancellationToken ct = default) => RebuildAsync(BatchReceipts, ct);

    public async Task<RollupUpdate> RebuildAsync(int batchReceipts, CancellationToken ct = default)
    {
        await using (var db = dbs.Create())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await using var tx = await ProfileSql.For(db).BeginAsync(db, ct);
            await db.SalesDays.ExecuteDeleteAsync(ct);
            await db.CategoryDays.ExecuteDeleteAsync(ct);
            await db.BuyerCounts.ExecuteDeleteAsync(ct);
            await db.CohortCells.ExecuteDeleteAsync(ct);
            await db.FirstPurchaseDays.ExecuteDeleteAsync(ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Purchases\" SET \"RolledUpAt\" = NULL WHERE \"RolledUpAt\" IS NOT NULL", ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Refunds\" SET \"RolledUpAt\" = NULL WHERE \"RolledUpAt\" IS NOT NULL", ct);
            await tx.CommitAsync(ct);
        }
        return await HandleAsync(batchReceipts, ct);
    }

    private async Task<RollupUpdate> FoldBatchAsync(ILoyaltyDb db, int batchReceipts, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sql = RollupSql.For(db);
        await db.Database.ExecuteSqlRawAsync(sql.CreateBatch, ct);
        await db.Database.ExecuteSqlAsync(sql.FillBatch(batchReceipts).Build(), ct);
        var batch = sql.Batch;
        // Members with nothing rolled up yet (the first build) have no earlier bucket, month or first day to probe for.
        var fresh = (await db.Database.SqlQuery<int>(sql.BatchIsNew().Build()).ToListAsync(ct)).Single() == 1;

        await WriteAsync(db, sql.Upsert("SalesDays", RollupSql.SalesDayKey, RollupSql.SalesDayFigures, sql.SalesDayDeltas(batch)), ct);
        await WriteAsync(db, sql.Upsert("CategoryDays", RollupSql.CategoryDayKey, RollupSql.CategoryDayFigures, sql.CategoryDayDeltas(batch)), ct);
        foreach (var coalition in new[] { false, true })
        {
            foreach (var granularity in Enum.GetValues<Granularity>())
                await WriteAsync(db, sql.Upsert("BuyerCounts", RollupSql.BuyerCountKey, RollupSql.BuyersFigure, sql.BuyerDeltas(granularity, coalition, batch, fresh)), ct);
            await WriteAsync(db, sql.Upsert("CohortCells", RollupSql.CohortCellKey, RollupSql.BuyersFigure, sql.CohortDeltas(coalition, batch, fresh)), ct);
            await WriteAsync(db, sql.Upsert("FirstPurchaseDays", RollupSql.FirstPurchaseDayKey, RollupSql.FirstPurchaseDayFigures, sql.FirstPurchaseDeltas(coalition, batch, fresh)), ct);
        }

        var (markRefunds, markPurchases) = sql.MarkBatch(now);
        var refunds = await db.Database.ExecuteSqlAsync(markRefunds.Build(), ct);
        var purchases = await db.Database.ExecuteSqlAsync(markPurchases.Build(), ct);
        return new RollupUpdate(purchases, refunds);
    }

    private static Task WriteAsync(ILoyaltyDb db, Messaging.SqlBuilder upsert, CancellationToken ct) => db.Database.ExecuteSqlAsync(upsert.Build(), ct);
}
