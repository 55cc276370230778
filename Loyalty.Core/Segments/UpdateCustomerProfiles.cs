using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record ProfileUpdate(int Purchases, int Refunds, int NewProfiles = 0);

/// <summary>
/// Keeps the profile aggregates current after each transaction without touching the till (0068): every minute it adds the
/// purchases not yet profiled and takes off the refunds not yet profiled, per partner and for the coalition, then marks
/// them — all in one write, so each receipt reaches the profiles exactly once whatever its date (live, imported,
/// backdated). The nightly run (<see cref="RecalculateSegments"/>) then only rolls the 30/90/365-day windows and scores.
/// </summary>
public sealed class UpdateCustomerProfiles(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<ProfileUpdate> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        // Until the first rebuild there is nothing to add to; the rebuild takes everything.
        if (!await db.ProfileStates.AnyAsync(ct)) return new ProfileUpdate(0, 0);
        // Reads before writing: an idle minute costs two index probes, not a write lock.
        if (!await db.Purchases.AnyAsync(p => p.ProfiledAt == null && p.OccurredAt <= now, ct) && !await db.Refunds.AnyAsync(r => r.ProfiledAt == null, ct))
            return new ProfileUpdate(0, 0);
        var sql = ProfileSql.For(db);
        await using var tx = await sql.BeginAsync(db, ct);
        var result = await ApplyAsync(db, sql, now, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Inside the caller's write: refunds of purchases already profiled come off first (a refund of a purchase profiled in
    /// this same pass is already in that purchase's net figures), then the new purchases are added with the windows
    /// measured from the state's anchor, then both are marked.
    /// </summary>
    internal static async Task<ProfileUpdate> ApplyAsync(ILoyaltyDb db, ProfileSql sql, DateTime now, CancellationToken ct)
    {
        var anchor = await db.ProfileStates.Select(s => s.WindowsAnchor).FirstAsync(ct);
        foreach (var coalition in new[] { false, true })
            await db.Database.ExecuteSqlAsync(sql.UpdateFrom(RefundDeltas(anchor, now, coalition), ProfileSql.AddDeltas).Build(), ct);

        var added = 0;
        foreach (var coalition in new[] { false, true })
        {
            added += await db.Database.ExecuteSqlAsync(Missing(now, coalition).Build(), ct);
            await db.Database.ExecuteSqlAsync(sql.UpdateFrom(PurchaseDeltas(anchor, now, coalition), ProfileSql.AddDeltas + ProfileSql.AddLast).Build(), ct);
            await db.Database.ExecuteSqlAsync(sql.UpdateFrom(ProfileSql.FirstPurchases(PurchaseDeltas(anchor, now, coalition)), "\"FirstPurchaseAt\" = a.first_at").Build(), ct);
        }
        var purchases = await db.Database.ExecuteSqlAsync(
            $"UPDATE \"Purchases\" SET \"ProfiledAt\" = {now} WHERE \"ProfiledAt\" IS NULL AND \"OccurredAt\" <= {now}", ct);
        var refunds = await db.Database.ExecuteSqlAsync($"UPDATE \"Refunds\" SET \"ProfiledAt\" = {now} WHERE \"ProfiledAt\" IS NULL", ct);
        return new ProfileUpdate(purchases, refunds, added);
    }

    private static SqlBuilder Missing(DateTime now, bool coalition)
    {
        var filter = new SqlBuilder().Append("p.\"ProfiledAt\" IS NULL AND p.\"OccurredAt\" <= ").Param(now);
        return ProfileSql.AddMissingProfiles(filter, now, coalition);
    }

    private static SqlBuilder PurchaseDeltas(DateTime anchor, DateTime now, bool coalition)
    {
        var sql = ProfileSql.SelectScope(coalition);
        foreach (var days in ProfileSql.Windows)
        {
            var since = anchor.AddDays(-days);
            sql.Append(", SUM(CASE WHEN p.\"OccurredAt\" >= ").Param(since).Append($" AND p.\"RefundedAmount\" < p.\"Amount\" THEN 1 ELSE 0 END) AS n{days}")
                .Append(", SUM(CASE WHEN p.\"OccurredAt\" >= ").Param(since).Append($" THEN p.\"Amount\" - p.\"RefundedAmount\" ELSE 0 END) AS s{days}");
        }
        return sql.Append("""
            , SUM(CASE WHEN p."RefundedAmount" < p."Amount" THEN 1 ELSE 0 END) AS n, SUM(p."Amount" - p."RefundedAmount") AS s,
            MIN(p."OccurredAt") AS first_at, MAX(p."OccurredAt") AS last_at, 
            """).Param(now).Append(" AS now_at FROM \"Purchases\" p WHERE p.\"ProfiledAt\" IS NULL AND p.\"OccurredAt\" <= ").Param(now)
            .Append(" GROUP BY ").Append(ProfileSql.GroupBy(coalition));
    }

    /// <summary>
    /// Per profiled purchase with new refunds: the refunded money comes off every sum the purchase is in, and the purchase
    /// stops counting when these refunds made it whole (counted before them, not after).
    /// </summary>
    private static SqlBuilder RefundDeltas(DateTime anchor, DateTime now, bool coalition)
    {
        var sql = new SqlBuilder().Append("SELECT d.pid, d.cid");
        foreach (var days in ProfileSql.Windows)
        {
            var since = anchor.AddDays(-days);
            sql.Append(", SUM(CASE WHEN d.at >= ").Param(since).Append($" THEN d.dn ELSE 0 END) AS n{days}")
                .Append(", SUM(CASE WHEN d.at >= ").Param(since).Append($" THEN -d.amt ELSE 0 END) AS s{days}");
        }
        return sql.Append(", SUM(d.dn) AS n, SUM(-d.amt) AS s, ").Param(now).Append(" AS now_at FROM (")
            .Append(ProfileSql.SelectScope(coalition)).Append("""
                , p."OccurredAt" AS at, x.amt AS amt,
                    (CASE WHEN p."RefundedAmount" < p."Amount" THEN 1 ELSE 0 END) - (CASE WHEN p."RefundedAmount" - x.amt < p."Amount" THEN 1 ELSE 0 END) AS dn
                FROM (SELECT r."PurchaseId" AS purchase_id, SUM(r."Amount") AS amt FROM "Refunds" r WHERE r."ProfiledAt" IS NULL GROUP BY r."PurchaseId") x
                INNER JOIN "Purchases" p ON p."Id" = x.purchase_id
                WHERE p."ProfiledAt" IS NOT NULL) d GROUP BY d.pid, d.cid
                """);
    }

    /// <summary>
    /// Moves the windows' anchor to <paramref name="to"/>: whatever has left a window in between comes off it. The three
    /// windows' leaving ranges (a day of receipts each, night after night) are read together along the covering
    /// (OccurredAt, PartnerId, CustomerId, Amount, RefundedAmount) index — no purchase row is fetched — and applied in one
    /// UPDATE per scope (0125). Must run in the same write as <see cref="ApplyAsync"/> up to <paramref name="to"/>: then every
    /// purchase in those ranges has been added, so nothing needs to check "profiled" row by row.
    /// </summary>
    internal static async Task RollWindowsAsync(ILoyaltyDb db, ProfileSql sql, DateTime to, CancellationToken ct)
    {
        var state = await db.ProfileStates.FirstAsync(ct);
        var from = state.WindowsAnchor;
        if (to <= from) return;
        foreach (var coalition in new[] { false, true })
        {
            var leaving = new SqlBuilder();
            foreach (var window in ProfileSql.Windows)
            {
                if (window != ProfileSql.Windows[0]) leaving.Append(" UNION ALL ");
                leaving.Append(ProfileSql.SelectScope(coalition)).Append($", {window} AS w, CASE WHEN p.\"RefundedAmount\" < p.\"Amount\" THEN 1 ELSE 0 END AS cnt, ")
                    .Append("p.\"Amount\" - p.\"RefundedAmount\" AS net FROM \"Purchases\" p WHERE p.\"OccurredAt\" >= ").Param(from.AddDays(-window))
                    .Append(" AND p.\"OccurredAt\" < ").Param(to.AddDays(-window));
            }
            var derived = new SqlBuilder().Append("SELECT l.pid, l.cid");
            foreach (var days in ProfileSql.Windows)
                derived.Append($", -SUM(CASE WHEN l.w = {days} THEN l.cnt ELSE 0 END) AS n{days}, -SUM(CASE WHEN l.w = {days} THEN l.net ELSE 0 END) AS s{days}");
            derived.Append(", ").Param(to).Append(" AS now_at FROM (").Append(leaving).Append(") l GROUP BY l.pid, l.cid");
            // Windows only: rewriting the totals, even unchanged, made SQLite rewrite their three index entries per row.
            await db.Database.ExecuteSqlAsync(sql.UpdateFrom(derived, ProfileSql.AddWindowDeltas).Build(), ct);
        }
        state.WindowsAnchor = to;
        await db.SaveChangesAsync(ct);
    }
}
