using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Dashboard;

public sealed record PartnerDashboard(
    string PartnerName,
    string Currency,
    Comparison Revenue,
    Comparison Purchases,
    Comparison AverageTicket,
    Comparison ActiveCustomers,
    Comparison PointsIssued,
    Comparison PointsRedeemed,
    int Stores,
    IReadOnlyList<MonthlyPoint> Monthly,
    IReadOnlyList<RecentPurchase> Recent);

/// <summary>One partner's key figures. Every query is filtered by the caller's partner id, never by anything the page passes in.</summary>
public sealed class GetPartnerDashboard(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<PartnerDashboard> HandleAsync(Guid partnerId, int days = 30, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var period = Period.LastDays(days, now);
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => new { p.Name, p.Currency }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        var own = db.Purchases.Where(p => p.PartnerId == partnerId);

        var current = await Totals(own, period, ct);
        var before = await Totals(own, period.Previous, ct);

        var yearAgo = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        var monthly = await own.Where(p => p.OccurredAt >= yearAgo)
            .GroupBy(p => new { p.OccurredAt.Year, p.OccurredAt.Month })
            .Select(g => new MonthlyPoint(g.Key.Year, g.Key.Month, g.Sum(p => p.Amount), g.Count()))
            .ToListAsync(ct);

        var recent = await own.OrderByDescending(p => p.OccurredAt).Take(10)
            .Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new RecentPurchase(
                p.Id, p.OccurredAt, partner.Name, c.FirstName, p.Amount, p.Currency, p.EarnedPoints, p.RedeemedPoints))
            .ToListAsync(ct);

        return new PartnerDashboard(
            partner.Name,
            partner.Currency,
            new Comparison(current.Revenue, before.Revenue),
            new Comparison(current.Count, before.Count),
            new Comparison(current.Count == 0 ? 0 : current.Revenue / current.Count, before.Count == 0 ? 0 : before.Revenue / before.Count),
            new Comparison(current.Customers, before.Customers),
            new Comparison(current.Earned, before.Earned),
            new Comparison(current.Redeemed, before.Redeemed),
            await db.Stores.CountAsync(s => s.PartnerId == partnerId, ct),
            monthly.OrderBy(m => m.Year).ThenBy(m => m.Month).ToList(),
            recent.OrderByDescending(r => r.OccurredAt).ToList());
    }

    private sealed record Totals_(long Revenue, int Count, int Customers, long Earned, long Redeemed);

    private static async Task<Totals_> Totals(IQueryable<Purchases.Purchase> purchases, Period period, CancellationToken ct)
    {
        var inPeriod = purchases.Where(p => p.OccurredAt >= period.From && p.OccurredAt < period.To);
        var totals = await inPeriod.GroupBy(_ => 1)
            .Select(g => new { Revenue = g.Sum(p => p.Amount), Count = g.Count(), Earned = g.Sum(p => p.EarnedPoints), Redeemed = g.Sum(p => p.RedeemedPoints) })
            .FirstOrDefaultAsync(ct);
        var customers = await inPeriod.Select(p => p.CustomerId).Distinct().CountAsync(ct);
        return new Totals_(totals?.Revenue ?? 0, totals?.Count ?? 0, customers, totals?.Earned ?? 0, totals?.Redeemed ?? 0);
    }
}
