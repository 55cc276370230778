using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

public sealed record SalesPoint(DateTime Period, int Purchases, long Revenue, int Buyers, long AverageTicket);

public sealed record SalesByKey(string Name, int Purchases, long Revenue, long AverageTicket, double Share);

public sealed record SalesAnalytics(IReadOnlyList<SalesPoint> ByPeriod, IReadOnlyList<SalesByKey> ByStore, IReadOnlyList<SalesByKey> ByCategory, IReadOnlyList<SalesByKey> ByTill);

/// <summary>
/// Sales by day/week/month, store, item category and till, read from the roll-ups (0220): a year of a million-receipt
/// partner is a few hundred rows, not 750,000 receipts and their lines. Days, weeks and months are UTC calendar buckets
/// clipped to the period; a bucket's buyers are its own distinct count, kept per bucket, except for a bucket the period
/// clips, which is counted from the receipts. Stores, tills and categories show no buyers: distinct buyers of a store over a
/// year cannot be added up from days, and no roll-up keeps them per store (0220).
/// </summary>
public sealed class GetSalesAnalytics(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<SalesAnalytics> HandleAsync(AnalyticsQuery query, CancellationToken ct = default)
    {
        query = query.Validated();
        await using var db = dbs.Create();
        var sql = RollupSql.For(db);
        var period = query.Slice;

        var days = await db.Database.SqlQuery<DayTotals>(sql.Sales(period, ("x.on_day", "Day")).Build()).ToListAsync(ct);
        var starts = Buckets(query);
        var buyers = (await db.Database.SqlQuery<BucketBuyers>(sql.Buyers(period, query.Granularity).Build()).ToListAsync(ct))
            .ToDictionary(b => b.Start, b => b.Buyers);
        var clipped = starts.Where(s => s < query.From || Next(s, query.Granularity) > query.To).ToList();
        foreach (var start in clipped)
            buyers[DateOnly.FromDateTime(start)] = await ClippedBuyersAsync(db, query, start, ct);
        var byPeriod = days.GroupBy(d => AnalyticsQuery.BucketOf(d.Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), query.Granularity))
            .Select(g => (Start: g.Key, Purchases: g.Sum(d => d.Receipts), Revenue: g.Sum(d => d.Revenue)))
            .Where(b => b.Purchases > 0).OrderBy(b => b.Start)
            .Select(b => new SalesPoint(b.Start, b.Purchases, b.Revenue, buyers.GetValueOrDefault(DateOnly.FromDateTime(b.Start)), b.Revenue / b.Purchases))
            .ToList();
        var total = byPeriod.Sum(p => p.Revenue);

        var stores = await db.Database.SqlQuery<KeyTotals>(sql.Sales(period, ("x.store", "Key")).Build()).ToListAsync(ct);
        var storeIds = stores.Select(s => s.Key).ToList();
        var storeNames = await db.Stores.Where(s => storeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var byStore = stores.Where(s => s.Receipts > 0).Select(s => Row(storeNames.GetValueOrDefault(s.Key, "—"), s.Receipts, s.Revenue, total))
            .OrderByDescending(r => r.Revenue).ToList();

        var categories = await db.Database.SqlQuery<CategoryTotals>(sql.Categories(period).Build()).ToListAsync(ct);
        var itemsTotal = categories.Sum(c => c.Revenue);
        var byCategory = categories.Where(c => c.Receipts > 0).Select(c => Row(c.Category == "" ? "(no category)" : c.Category, c.Receipts, c.Revenue, itemsTotal))
            .OrderByDescending(r => r.Revenue).ToList();

        var tills = (await db.Database.SqlQuery<KeyTotals>(sql.Sales(period, ("x.till", "Key")).Build()).ToListAsync(ct))
            .Where(t => t.Key != Guid.Empty && t.Receipts > 0).ToList();
        var tillIds = tills.Select(t => t.Key).ToList();
        var tillNames = await db.PosTerminals.Where(t => tillIds.Contains(t.Id))
            .Join(db.Stores, t => t.StoreId, s => s.Id, (t, s) => new { t.Id, Name = s.Name + " · " + t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var byTill = tills.Select(t => Row(tillNames.GetValueOrDefault(t.Key, "—"), t.Receipts, t.Revenue, total))
            .OrderByDescending(r => r.Revenue).ToList();

        return new SalesAnalytics(byPeriod, byStore, byCategory, byTill);
    }

    private sealed class DayTotals
    {
        public DateOnly Day { get; init; }
        public int Receipts { get; init; }
        public long Revenue { get; init; }
    }

    private sealed class KeyTotals
    {
        public Guid Key { get; init; }
        public int Receipts { get; init; }
        public long Revenue { get; init; }
    }

    private sealed class CategoryTotals
    {
        public string Category { get; init; } = "";
        public int Receipts { get; init; }
        public long Revenue { get; init; }
    }

    private sealed class BucketBuyers
    {
        public DateOnly Start { get; init; }
        public int Buyers { get; init; }
    }

    /// <summary>The starts of the period's days, weeks or months (the first may begin before the period; it is counted from the period's start).</summary>
    internal static List<DateTime> Buckets(AnalyticsQuery query)
    {
        var starts = new List<DateTime>();
        for (var day = query.From.Date; day < query.To; day = day.AddDays(1))
        {
            var bucket = AnalyticsQuery.BucketOf(day, query.Granularity);
            if (starts.Count == 0 || starts[^1] != bucket) starts.Add(bucket);
        }
        return starts;
    }

    private static DateTime Next(DateTime start, Granularity granularity) =>
        granularity switch { Granularity.Week => start.AddDays(7), Granularity.Month => start.AddMonths(1), _ => start.AddDays(1) };

    /// <summary>
    /// Buyers of the part of a bucket inside the period (its first or last week or month): a range of the partner's
    /// (PartnerId, OccurredAt, …, CustomerId) index, at most a month of receipts.
    /// </summary>
    private static async Task<int> ClippedBuyersAsync(ILoyaltyDb db, AnalyticsQuery query, DateTime start, CancellationToken ct)
    {
        var from = start < query.From ? query.From : start;
        var next = Next(start, query.Granularity);
        var to = next > query.To ? query.To : next;
        return await query.Scope(db).Where(p => p.OccurredAt >= from && p.OccurredAt < to).Select(p => p.CustomerId).Distinct().CountAsync(ct);
    }

    private static SalesByKey Row(string name, int purchases, long revenue, long total) =>
        new(name, purchases, revenue, purchases == 0 ? 0 : revenue / purchases, total == 0 ? 0 : (double)revenue / total);
}
