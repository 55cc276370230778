using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Dashboard;

/// <summary>One slice of a breakdown: purchases, revenue (program currency, minor units) and points earned / spent.</summary>
public sealed record Slice(string Key, int Purchases, long Revenue, long Earned, long Redeemed);

public sealed record DailyActivity(DateOnly Day, int Purchases, long Revenue);

/// <summary>Purchases that carried each kind of reward (a purchase may carry several).</summary>
public sealed record RewardTypes(int WithEarn, long Earned, int WithRedeem, long Redeemed, int WithDiscount, long Discount, int WithNothing);

public sealed record CoalitionBreakdowns(
    Period Period, string Currency, int Members, int ActiveMembers, long PointsLiability, long PromoLiability,
    IReadOnlyList<DailyActivity> Daily, IReadOnlyList<Slice> ByPartner, IReadOnlyList<Slice> ByArea, IReadOnlyList<Slice> ByProgram,
    IReadOnlyList<Slice> ByCity, RewardTypes Rewards, IReadOnlyDictionary<int, AreaLabel> AreaNames)
{
    /// <summary>The area of a <see cref="ByArea"/> slice.</summary>
    public AreaLabel Area(Slice slice) => AreaNames.For(int.Parse(slice.Key, System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// The coalition's transactional activity over a period, sliced by partner, business area, program type, region (the
/// store's city) and reward type — every figure is one grouped query over the period's purchases (0091). Members are
/// "active" when they bought anything in the last 90 days; the liability is what members hold on their accounts.
/// </summary>
public sealed class GetCoalitionBreakdowns(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int ActiveDays = 90;
    private const int TopPartners = 10;

    public async Task<CoalitionBreakdowns> HandleAsync(int days = 30, CancellationToken ct = default)
    {
        days = Math.Clamp(days, 1, 366);
        var now = clock.GetUtcNow().UtcDateTime;
        var period = Period.LastDays(days, now);
        await using var db = dbs.Create();
        var currency = await db.ProgramSettings.Select(s => s.Currency).FirstOrDefaultAsync(ct) ?? "KZT";
        var inPeriod = db.Purchases.AsNoTracking().Where(p => p.OccurredAt >= period.From && p.OccurredAt < period.To && p.Currency == currency);

        var daily = await inPeriod.GroupBy(p => p.OccurredAt.Date)
            .Select(g => new { Day = g.Key, Count = g.Count(), Revenue = g.Sum(p => p.Amount) }).ToListAsync(ct);

        var byPartner = await inPeriod.GroupBy(p => p.PartnerId)
            .Select(g => new { g.Key, Count = g.Count(), Revenue = g.Sum(p => p.Amount), Earned = g.Sum(p => p.EarnedPoints), Redeemed = g.Sum(p => p.RedeemedPoints) })
            .ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Select(p => new { p.Id, p.Name, p.AreaId, p.ProgramType }).ToDictionaryAsync(p => p.Id, ct);

        var byCity = await inPeriod.Join(db.Stores, p => p.StoreId, s => s.Id, (p, s) => new { s.City, p.Amount, p.EarnedPoints, p.RedeemedPoints })
            .GroupBy(x => x.City)
            .Select(g => new { g.Key, Count = g.Count(), Revenue = g.Sum(x => x.Amount), Earned = g.Sum(x => x.EarnedPoints), Redeemed = g.Sum(x => x.RedeemedPoints) })
            .ToListAsync(ct);

        var rewards = await inPeriod.GroupBy(_ => 1).Select(g => new RewardTypes(
                g.Count(p => p.EarnedPoints > 0), g.Sum(p => p.EarnedPoints),
                g.Count(p => p.RedeemedPoints > 0), g.Sum(p => p.RedeemedPoints),
                g.Count(p => p.DiscountAmount > 0), g.Sum(p => p.DiscountAmount),
                g.Count(p => p.EarnedPoints == 0 && p.RedeemedPoints == 0 && p.DiscountAmount == 0)))
            .FirstOrDefaultAsync(ct) ?? new RewardTypes(0, 0, 0, 0, 0, 0, 0);

        var activeSince = now.AddDays(-ActiveDays);
        var active = await db.Purchases.Where(p => p.OccurredAt >= activeSince).Select(p => p.CustomerId).Distinct().CountAsync(ct);
        var liability = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerMain || a.Kind == AccountKind.CustomerPromo)
            .GroupBy(a => a.Kind).Select(g => new { g.Key, Sum = g.Sum(a => a.Balance) }).ToListAsync(ct);

        // Partners are few (hundreds): the area and program slices roll up the partner slices in memory.
        var partnerSlices = byPartner.Where(x => partners.ContainsKey(x.Key)).Select(x => (Partner: partners[x.Key], Slice: new Slice(partners[x.Key].Name, x.Count, x.Revenue, x.Earned, x.Redeemed))).ToList();
        static List<Slice> Roll<TKey>(IEnumerable<(TKey Key, Slice Slice)> items) => items.GroupBy(i => i.Key)
            .Select(g => new Slice(g.Key!.ToString()!, g.Sum(i => i.Slice.Purchases), g.Sum(i => i.Slice.Revenue), g.Sum(i => i.Slice.Earned), g.Sum(i => i.Slice.Redeemed)))
            .OrderByDescending(s => s.Revenue).ToList();

        return new CoalitionBreakdowns(period, currency,
            await db.Customers.CountAsync(ct), active,
            liability.FirstOrDefault(l => l.Key == AccountKind.CustomerMain)?.Sum ?? 0,
            liability.FirstOrDefault(l => l.Key == AccountKind.CustomerPromo)?.Sum ?? 0,
            FillDays(period, daily.Select(d => new DailyActivity(DateOnly.FromDateTime(d.Day), d.Count, d.Revenue))),
            partnerSlices.Select(p => p.Slice).OrderByDescending(s => s.Revenue).Take(TopPartners).ToList(),
            // Keyed by the area's id; the screen names it from AreaNames in the reader's language (areas are renamed in Settings).
            Roll(partnerSlices.Select(p => (p.Partner.AreaId, p.Slice))),
            Roll(partnerSlices.Select(p => (p.Partner.ProgramType, p.Slice))),
            byCity.Select(c => new Slice(c.Key, c.Count, c.Revenue, c.Earned, c.Redeemed)).OrderByDescending(s => s.Revenue).ToList(),
            rewards, await ManageBusinessAreas.LabelsAsync(db, ct));
    }

    /// <summary>Days without purchases are zeros, so the chart's x-axis is the whole period.</summary>
    private static List<DailyActivity> FillDays(Period period, IEnumerable<DailyActivity> days)
    {
        var known = days.ToDictionary(d => d.Day);
        var result = new List<DailyActivity>();
        for (var day = DateOnly.FromDateTime(period.From); day < DateOnly.FromDateTime(period.To); day = day.AddDays(1))
            result.Add(known.GetValueOrDefault(day) ?? new DailyActivity(day, 0, 0));
        return result;
    }
}
