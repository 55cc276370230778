using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

public sealed record SalesPoint(DateTime Period, int Purchases, long Revenue, int Buyers, long AverageTicket);

public sealed record SalesByKey(string Name, int Purchases, long Revenue, int Buyers, long AverageTicket, double Share);

public sealed record SalesAnalytics(IReadOnlyList<SalesPoint> ByPeriod, IReadOnlyList<SalesByKey> ByStore, IReadOnlyList<SalesByKey> ByCategory, IReadOnlyList<SalesByKey> ByTill);

/// <summary>
/// Sales by day/week/month, store, item category and till (the data has no cashier per receipt yet, so staff performance is
/// per till). Days, weeks and months are UTC calendar buckets clipped to the period, each summed over its own index range.
/// </summary>
public sealed class GetSalesAnalytics(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<SalesAnalytics> HandleAsync(AnalyticsQuery query, CancellationToken ct = default)
    {
        query = query.Validated();
        await using var db = dbs.Create();
        var period = query.InPeriod(db);

        var byPeriod = new List<SalesPoint>();
        foreach (var bucket in (await db.Database.SqlQuery<BucketRow>(BucketTotals(query).Build()).ToListAsync(ct)).Where(b => b.Purchases > 0).OrderBy(b => b.Index))
        {
            var start = Buckets(query)[bucket.Index];
            byPeriod.Add(new SalesPoint(start, bucket.Purchases, bucket.Revenue, bucket.Buyers, bucket.Revenue / bucket.Purchases));
        }
        var total = byPeriod.Sum(p => p.Revenue);

        var stores = await period.GroupBy(p => p.StoreId)
            .Select(g => new { Id = g.Key, Purchases = g.Count(), Revenue = g.Sum(p => p.Amount - p.RefundedAmount), Buyers = g.Select(p => p.CustomerId).Distinct().Count() })
            .ToListAsync(ct);
        var storeIds = stores.Select(s => s.Id).ToList();
        var storeNames = await db.Stores.Where(s => storeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var byStore = stores.Select(s => Row(storeNames.GetValueOrDefault(s.Id, "—"), s.Purchases, s.Revenue, s.Buyers, total))
            .OrderByDescending(r => r.Revenue).ToList();

        var categories = await period.SelectMany(p => p.Items, (p, i) => new { i.Category, i.Price, p.CustomerId, p.Id })
            .GroupBy(x => x.Category)
            .Select(g => new { Category = g.Key, Purchases = g.Select(x => x.Id).Distinct().Count(), Revenue = g.Sum(x => x.Price), Buyers = g.Select(x => x.CustomerId).Distinct().Count() })
            .ToListAsync(ct);
        var itemsTotal = categories.Sum(c => c.Revenue);
        var byCategory = categories.Select(c => Row(c.Category ?? "(no category)", c.Purchases, c.Revenue, c.Buyers, itemsTotal))
            .OrderByDescending(r => r.Revenue).ToList();

        var tills = await period.Where(p => p.TerminalId != null).GroupBy(p => p.TerminalId)
            .Select(g => new { Id = g.Key, Purchases = g.Count(), Revenue = g.Sum(p => p.Amount - p.RefundedAmount), Buyers = g.Select(p => p.CustomerId).Distinct().Count() })
            .ToListAsync(ct);
        var tillIds = tills.Select(t => t.Id!.Value).ToList();
        var tillNames = await db.PosTerminals.Where(t => tillIds.Contains(t.Id))
            .Join(db.Stores, t => t.StoreId, s => s.Id, (t, s) => new { t.Id, Name = s.Name + " · " + t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var byTill = tills.Select(t => Row(tillNames.GetValueOrDefault(t.Id!.Value, "—"), t.Purchases, t.Revenue, t.Buyers, total))
            .OrderByDescending(r => r.Revenue).ToList();

        return new SalesAnalytics(byPeriod, byStore, byCategory, byTill);
    }

    private sealed class BucketRow
    {
        public int Index { get; init; }
        public int Purchases { get; init; }
        public long Revenue { get; init; }
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

    /// <summary>
    /// Each bucket summed over its own range of the (PartnerId, OccurredAt, Amount, RefundedAmount, CustomerId) index, buyers
    /// counted per bucket: grouping every receipt by a date taken apart with strftime (what EF writes for SQLite) cost ten
    /// times the reading, and the buyers were one more query per bucket (0210).
    /// </summary>
    private static SqlBuilder BucketTotals(AnalyticsQuery query)
    {
        var starts = Buckets(query);
        var sql = new SqlBuilder();
        for (var i = 0; i < starts.Count; i++)
        {
            var from = starts[i] < query.From ? query.From : starts[i];
            var next = query.Granularity switch { Granularity.Week => starts[i].AddDays(7), Granularity.Month => starts[i].AddMonths(1), _ => starts[i].AddDays(1) };
            var to = next > query.To ? query.To : next;
            if (i > 0) sql.Append(" UNION ALL ");
            sql.Append($"SELECT {i} AS \"Index\", COUNT(*) AS \"Purchases\", COALESCE(SUM(p.\"Amount\" - p.\"RefundedAmount\"), 0) AS \"Revenue\", COUNT(DISTINCT p.\"CustomerId\") AS \"Buyers\" FROM \"Purchases\" p WHERE ")
                .Append("p.\"OccurredAt\" >= ").Param(from).Append(" AND p.\"OccurredAt\" < ").Param(to);
            if (query.PartnerId is { } partner) sql.Append(" AND p.\"PartnerId\" = ").Param(partner);
        }
        return sql;
    }

    private static SalesByKey Row(string name, int purchases, long revenue, int buyers, long total) =>
        new(name, purchases, revenue, buyers, purchases == 0 ? 0 : revenue / purchases, total == 0 ? 0 : (double)revenue / total);
}
