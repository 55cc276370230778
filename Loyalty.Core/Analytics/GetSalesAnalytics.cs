using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

public sealed record SalesPoint(DateTime Period, int Purchases, long Revenue, int Buyers, long AverageTicket);

public sealed record SalesByKey(string Name, int Purchases, long Revenue, int Buyers, long AverageTicket, double Share);

public sealed record SalesAnalytics(IReadOnlyList<SalesPoint> ByPeriod, IReadOnlyList<SalesByKey> ByStore, IReadOnlyList<SalesByKey> ByCategory, IReadOnlyList<SalesByKey> ByTill);

/// <summary>
/// Sales by day/week/month, store, item category and till (the data has no cashier per receipt yet, so staff performance is
/// per till). Grouped in the database by calendar day (both providers translate Year/Month/Day); days roll up to weeks and
/// months here, a few hundred rows at most.
/// </summary>
public sealed class GetSalesAnalytics(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<SalesAnalytics> HandleAsync(AnalyticsQuery query, CancellationToken ct = default)
    {
        query = query.Validated();
        await using var db = dbs.Create();
        var period = query.InPeriod(db);

        var days = await period.GroupBy(p => new { p.OccurredAt.Year, p.OccurredAt.Month, p.OccurredAt.Day })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, Purchases = g.Count(), Revenue = g.Sum(p => p.Amount - p.RefundedAmount) })
            .ToListAsync(ct);
        // Distinct buyers do not add up across days: count them per bucket in the database.
        var byPeriod = new List<SalesPoint>();
        foreach (var bucket in days.GroupBy(d => AnalyticsQuery.BucketOf(new DateTime(d.Year, d.Month, d.Day, 0, 0, 0, DateTimeKind.Utc), query.Granularity)).OrderBy(b => b.Key))
        {
            var start = bucket.Key < query.From ? query.From : bucket.Key;
            var next = query.Granularity switch { Granularity.Week => bucket.Key.AddDays(7), Granularity.Month => bucket.Key.AddMonths(1), _ => bucket.Key.AddDays(1) };
            var end = next > query.To ? query.To : next;
            var buyers = await period.Where(p => p.OccurredAt >= start && p.OccurredAt < end).Select(p => p.CustomerId).Distinct().CountAsync(ct);
            var n = bucket.Sum(d => d.Purchases);
            var revenue = bucket.Sum(d => d.Revenue);
            byPeriod.Add(new SalesPoint(bucket.Key, n, revenue, buyers, n == 0 ? 0 : revenue / n));
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

    private static SalesByKey Row(string name, int purchases, long revenue, int buyers, long total) =>
        new(name, purchases, revenue, buyers, purchases == 0 ? 0 : revenue / purchases, total == 0 ? 0 : (double)revenue / total);
}
