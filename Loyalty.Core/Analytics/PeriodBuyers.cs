using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

/// <summary>
/// The buyers of a period and of the one before it (active, repeaters, previous, churned) without grouping both periods'
/// receipts by member on every open of the Analytics page (a year of a busy partner: 0.3–0.45 s, 0230). The closed days,
/// everything before today, are counted once and kept in <see cref="ClosedDaysBuyers"/> with the number of receipts they
/// held, which the roll-ups give in a millisecond; a receipt written into those days since (an offline till, an import)
/// changes that number and they are counted again. Today's receipts are then added member by member, each buyer of today
/// looked up in the closed days (0250). The nightly <see cref="CountPresetPeriodBuyers"/> counts the page's own periods
/// just after midnight, so the first open of the day finds them.
/// </summary>
internal static class PeriodBuyers
{
    public static async Task<BuyerCounts> CountAsync(ILoyaltyDb db, AnalyticsQuery query, DateTime now, CancellationToken ct)
    {
        var rollups = RollupSql.For(db);
        var sql = new EffectivenessSql(query.PartnerId, rollups.IsSqlite);
        var (previousFrom, from, to) = (query.Previous.From, query.From, query.To);
        var today = now.Date;
        // A period that starts after today has a previous period that is not over: nothing in it is closed.
        if (from > today) return await CountAsync(db, rollups, sql, previousFrom, from, to, null, ct);

        var through = to < today ? to : today;
        var closed = await ClosedDaysAsync(db, rollups, sql, query.PartnerId, previousFrom, from, through, now, ct);
        if (through == to) return closed;
        var later = (await db.Database.SqlQuery<LaterBuyers>(sql.LaterBuyers(previousFrom, from, through, to).Build()).ToListAsync(ct)).Single();
        return new BuyerCounts
        {
            Active = closed.Active + later.NewBuyers,
            Repeaters = closed.Repeaters + later.NewRepeaters,
            PreviousActive = closed.PreviousActive,
            Churned = closed.Churned - later.Returned,
        };
    }

    private static async Task<BuyerCounts> ClosedDaysAsync(ILoyaltyDb db, RollupSql rollups, EffectivenessSql sql, Guid? partnerId,
        DateTime previousFrom, DateTime from, DateTime through, DateTime now, CancellationToken ct)
    {
        var scope = partnerId ?? Guid.Empty;
        // Read before counting: a receipt written in between is then either in both or makes the next open count again.
        var receipts = await ReceiptsAsync(db, rollups, new RollupSlice(partnerId, previousFrom, through), ct);
        var kept = await db.ClosedDaysBuyers.FirstOrDefaultAsync(
            c => c.PartnerId == scope && c.From == from && c.Through == through && c.PreviousFrom == previousFrom, ct);
        if (kept is not null && kept.Receipts == receipts) return kept.Counts;

        var counts = await CountAsync(db, rollups, sql, previousFrom, from, through, receipts, ct);
        if (kept is null) db.ClosedDaysBuyers.Add(kept = new ClosedDaysBuyers(scope, previousFrom, from, through));
        kept.Counted(receipts, counts, now);
        try
        {
            await using var tx = await db.BeginWriteAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Keeping the count is only a saving: if another request kept its own count of the same days first (its row
            // carries the receipts it saw), or the database is busy, the figures answered here are still right.
            db.ChangeTracker.Clear();
        }
        return counts;
    }

    /// <summary>
    /// Both periods' buyers from their receipts, grouped by member. <paramref name="receipts"/>: how many receipts
    /// [previousFrom, to) holds, when the caller has read it already.
    /// </summary>
    private static async Task<BuyerCounts> CountAsync(ILoyaltyDb db, RollupSql rollups, EffectivenessSql sql,
        DateTime previousFrom, DateTime from, DateTime to, int? receipts, CancellationToken ct)
    {
        var memberOrder = await MemberOrderAsync(db, rollups, sql.PartnerId, previousFrom, to, receipts, ct);
        return (await db.Database.SqlQuery<BuyerCounts>(sql.Buyers(previousFrom, from, to, memberOrder).Build()).ToListAsync(ct)).Single();
    }

    /// <summary>
    /// Whether to count the two periods' buyers in member order (SQLite only; SQL Server has statistics): when they hold more
    /// than a third of the scope's receipts, streaming every receipt of the scope grouped as the index lists them is cheaper
    /// than sorting the periods' receipts by member (a year of a million-receipt partner: 0.3 s against 0.8 s, 0220). The
    /// counts come from the roll-ups.
    /// </summary>
    private static async Task<bool> MemberOrderAsync(ILoyaltyDb db, RollupSql rollups, Guid? partnerId, DateTime from, DateTime to, int? receipts,
        CancellationToken ct)
    {
        if (!rollups.IsSqlite) return false;
        var inPeriods = receipts ?? await ReceiptsAsync(db, rollups, new RollupSlice(partnerId, from, to), ct);
        var ever = await ReceiptsAsync(db, rollups, new RollupSlice(partnerId, DateTime.UnixEpoch, DateTime.UnixEpoch.AddYears(1000)), ct);
        return inPeriods * 3 > ever;
    }

    private static async Task<int> ReceiptsAsync(ILoyaltyDb db, RollupSql rollups, RollupSlice slice, CancellationToken ct) =>
        (await db.Database.SqlQuery<SalesTotals>(rollups.Sales(slice).Build()).ToListAsync(ct)).Single().Receipts;
}
