using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Dashboard;

public sealed record AreaRevenue(AreaLabel Area, long Revenue, int Purchases);

public sealed record RecentPurchase(Guid Id, DateTime OccurredAt, string Partner, string Customer, long Amount, string Currency, long EarnedPoints, long RedeemedPoints);

public sealed record OperatorDashboard(
    int Members,
    int NewMembers,
    int ActivePartners,
    int PendingApplications,
    Comparison Revenue,
    Comparison Purchases,
    string Currency,
    IReadOnlyList<AreaRevenue> ByArea,
    IReadOnlyList<MonthlyPoint> Monthly,
    IReadOnlyList<RecentPurchase> Recent);

/// <summary>The coalition at a glance: every aggregate is computed in the database.</summary>
public sealed class GetOperatorDashboard(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<OperatorDashboard> HandleAsync(int days = 30, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var period = Period.LastDays(days, now);
        var previous = period.Previous;
        await using var db = dbs.Create();

        // Revenue is summed in the currency most purchases are made in; a coalition normally has one.
        var currency = await db.Purchases.GroupBy(p => p.Currency).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync(ct) ?? "USD";
        var inCurrency = db.Purchases.Where(p => p.Currency == currency);

        var current = await Totals(inCurrency, period, ct);
        var before = await Totals(inCurrency, previous, ct);

        var byArea = await inCurrency.Where(p => p.OccurredAt >= period.From && p.OccurredAt < period.To)
            .Join(db.Partners, p => p.PartnerId, partner => partner.Id, (p, partner) => new { partner.AreaId, p.Amount })
            .GroupBy(x => x.AreaId)
            .Select(g => new { g.Key, Revenue = g.Sum(x => x.Amount), Count = g.Count() })
            .ToListAsync(ct);
        var areas = await ManageBusinessAreas.LabelsAsync(db, ct);

        var yearAgo = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        var monthly = await inCurrency.Where(p => p.OccurredAt >= yearAgo)
            .GroupBy(p => new { p.OccurredAt.Year, p.OccurredAt.Month })
            .Select(g => new MonthlyPoint(g.Key.Year, g.Key.Month, g.Sum(p => p.Amount), g.Count()))
            .ToListAsync(ct);

        var recent = await db.Purchases.OrderByDescending(p => p.OccurredAt).Take(10)
            .Join(db.Partners, p => p.PartnerId, partner => partner.Id, (p, partner) => new { p, partner.Name })
            .Join(db.Customers, x => x.p.CustomerId, c => c.Id, (x, c) => new RecentPurchase(
                x.p.Id, x.p.OccurredAt, x.Name, c.FirstName, x.p.Amount, x.p.Currency, x.p.EarnedPoints, x.p.RedeemedPoints))
            .ToListAsync(ct);

        return new OperatorDashboard(
            await db.Customers.CountAsync(ct),
            await db.Customers.CountAsync(c => c.RegisteredAt >= period.From, ct),
            await db.Partners.CountAsync(p => p.Status == PartnerStatus.Active, ct),
            await db.Partners.CountAsync(p => p.Status == PartnerStatus.Applied, ct),
            new Comparison(current.Revenue, before.Revenue),
            new Comparison(current.Count, before.Count),
            currency,
            byArea.Select(a => new AreaRevenue(areas.For(a.Key), a.Revenue, a.Count)).OrderByDescending(a => a.Revenue).ToList(),
            monthly.OrderBy(m => m.Year).ThenBy(m => m.Month).ToList(),
            recent.OrderByDescending(r => r.OccurredAt).ToList());
    }

    private static async Task<(long Revenue, int Count)> Totals(IQueryable<Purchases.Purchase> purchases, Period period, CancellationToken ct)
    {
        var totals = await purchases.Where(p => p.OccurredAt >= period.From && p.OccurredAt < period.To)
            .GroupBy(_ => 1)
            .Select(g => new { Revenue = g.Sum(p => p.Amount), Count = g.Count() })
            .FirstOrDefaultAsync(ct);
        return (totals?.Revenue ?? 0, totals?.Count ?? 0);
    }
}
