using Loyalty.Core.Analytics;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Microsoft.EntityFrameworkCore;
using TimeZoneConverter;

namespace Loyalty.Core.Dashboard;

/// <summary>One day of the trend charts, in the partner's time zone.</summary>
public sealed record DailyPoint(DateOnly Day, long Revenue, int Purchases, long Earned, long Redeemed);

public sealed record PartnerDashboard(
    string PartnerName,
    string Currency,
    Period Period,
    Comparison Revenue,
    Comparison Purchases,
    Comparison AverageTicket,
    Comparison NewCustomers,
    Comparison ActiveCustomers,
    Comparison PointsIssued,
    Comparison PointsRedeemed,
    Comparison EffectiveDiscountPercent,
    int Stores,
    IReadOnlyList<DailyPoint> Daily,
    IReadOnlyList<MonthlyPoint> Monthly,
    IReadOnlyList<RecentPurchase> Recent,
    Comparison? OfferConversionPercent = null,
    Comparison? CardSharePercent = null,
    bool IsManufacturer = false);

/// <summary>
/// One partner's key figures for a period and the period before it. Offer conversion and the card share are null while the
/// current period has no offers sent / no receipts without a card reported: unknown, not zero (0151). Every figure is one aggregate query over the
/// partner's purchases on the (PartnerId, OccurredAt) index; nothing is summed in memory. Every query is filtered by the
/// caller's partner, which comes from the signed-in user's claims.
/// </summary>
public sealed class GetPartnerDashboard(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public static readonly int[] Periods = [7, 30, 90, 365];

    public async Task<PartnerDashboard> HandleAsync(PartnerStaff staff, int days = 30, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        if (!Periods.Contains(days)) throw ValidationException.For("days", "Choose 7, 30, 90 or 365 days.");
        var partnerId = staff.PartnerId;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => new { p.Name, p.Currency, p.TimeZone, p.IsManufacturer }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");

        // Days are the partner's days: the offset in force now shifts every instant (a DST change inside the period moves
        // one hour of one day, which a dashboard can live with).
        var offset = TZConvert.TryGetTimeZoneInfo(partner.TimeZone, out var zone) ? zone.GetUtcOffset(now) : TimeSpan.Zero;
        var localToday = (now + offset).Date;
        var period = new Period(localToday.AddDays(1 - days) - offset, localToday.AddDays(1) - offset);
        var own = db.Purchases.AsNoTracking().Where(p => p.PartnerId == partnerId);

        var isSqlite = db.IsSqlite();
        var current = await Totals(db, own, partnerId, period, isSqlite, ct);
        var before = await Totals(db, own, partnerId, period.Previous, isSqlite, ct);

        var offers = await OfferFigures.ConversionAsync(db, partnerId, period.From, period.To, ct);
        var offersBefore = await OfferFigures.ConversionAsync(db, partnerId, period.Previous.From, period.Previous.To, ct);
        var share = await OfferFigures.CardShareAsync(db, partnerId, period.From, period.To, ct);
        var shareBefore = await OfferFigures.CardShareAsync(db, partnerId, period.Previous.From, period.Previous.To, ct);

        var minutes = (int)offset.TotalMinutes;
        var daily = await own.Where(p => p.OccurredAt >= period.From && p.OccurredAt < period.To)
            .GroupBy(p => p.OccurredAt.AddMinutes(minutes).Date)
            .Select(g => new { Day = g.Key, Revenue = g.Sum(p => p.Amount), Count = g.Count(), Earned = g.Sum(p => p.EarnedPoints), Redeemed = g.Sum(p => p.RedeemedPoints) })
            .ToListAsync(ct);
        var byDay = daily.ToDictionary(d => DateOnly.FromDateTime(d.Day));
        var trend = Enumerable.Range(0, days).Select(i => DateOnly.FromDateTime(localToday.AddDays(i + 1 - days)))
            .Select(d => byDay.TryGetValue(d, out var x) ? new DailyPoint(d, x.Revenue, x.Count, x.Earned, x.Redeemed) : new DailyPoint(d, 0, 0, 0, 0))
            .ToList();

        var yearAgo = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        var monthly = (await db.Database.SqlQuery<MonthRow>(MonthlyTotals(partnerId, yearAgo).Build()).ToListAsync(ct))
            .Where(m => m.Purchases > 0)
            .Select(m => (Month: yearAgo.AddMonths(m.Index), m.Revenue, m.Purchases))
            .Select(m => new MonthlyPoint(m.Month.Year, m.Month.Month, m.Revenue, m.Purchases))
            .ToList();

        return new PartnerDashboard(
            partner.Name,
            partner.Currency,
            period,
            new Comparison(current.Revenue, before.Revenue),
            new Comparison(current.Count, before.Count),
            new Comparison(current.Count == 0 ? 0 : current.Revenue / current.Count, before.Count == 0 ? 0 : before.Revenue / before.Count),
            new Comparison(current.NewCustomers, before.NewCustomers),
            new Comparison(current.Customers, before.Customers),
            new Comparison(current.Earned, before.Earned),
            new Comparison(current.Redeemed, before.Redeemed),
            new Comparison(current.EffectiveDiscount, before.EffectiveDiscount),
            await db.Stores.CountAsync(s => s.PartnerId == partnerId, ct),
            trend,
            monthly.OrderBy(m => m.Year).ThenBy(m => m.Month).ToList(),
            await GetPartnerLiveFeed.QueryAsync(db, partnerId, partner.Name, null, ct),
            offers.Sent == 0 ? null : new Comparison(Percent(offers.Converted, offers.Sent), offersBefore.Sent == 0 ? 0 : Percent(offersBefore.Converted, offersBefore.Sent)),
            share.Share is { } nowShare ? new Comparison(Math.Round((decimal)nowShare * 100m, 1), shareBefore.Share is { } then ? Math.Round((decimal)then * 100m, 1) : 0) : null,
            partner.IsManufacturer);
    }

    private static decimal Percent(int part, int whole) => Math.Round(part * 100m / whole, 1);

    private sealed record PeriodTotals(long Revenue, int Count, int Customers, int NewCustomers, long Earned, long Redeemed, long Discount)
    {
        /// <summary>
        /// What the program costs the partner as a share of card revenue: points issued (the partner pays for them in the
        /// settlement, one point = one major unit) plus discounts given at the till. See docs/decisions/0080.
        /// </summary>
        public decimal EffectiveDiscount => Revenue == 0 ? 0 : Math.Round((Earned + Discount) * 100m / Revenue, 2);
    }

    private static async Task<PeriodTotals> Totals(ILoyaltyDb db, IQueryable<Purchases.Purchase> purchases, Guid partnerId, Period period, bool isSqlite, CancellationToken ct)
    {
        var inPeriod = purchases.Where(p => p.OccurredAt >= period.From && p.OccurredAt < period.To);
        var totals = await inPeriod.GroupBy(_ => 1)
            .Select(g => new
            {
                Revenue = g.Sum(p => p.Amount), Count = g.Count(), Earned = g.Sum(p => p.EarnedPoints), Redeemed = g.Sum(p => p.RedeemedPoints),
                Discount = g.Sum(p => p.DiscountAmount),
            })
            .FirstOrDefaultAsync(ct);
        var customers = await inPeriod.Select(p => p.CustomerId).Distinct().CountAsync(ct);
        var newCustomers = (await db.Database.SqlQuery<int>(NewCustomers(partnerId, period, isSqlite).Build())
            .ToListAsync(ct)).Single();
        return new PeriodTotals(totals?.Revenue ?? 0, totals?.Count ?? 0, customers, newCustomers, totals?.Earned ?? 0, totals?.Redeemed ?? 0, totals?.Discount ?? 0);
    }

    /// <summary>
    /// New customers of a period: their first purchase at this partner falls in it, or they subscribed in it without having
    /// bought here before. The first purchase is the member's profile's, kept current every minute, or the first of the
    /// receipts the minute job has not folded in yet when there is no profile. Asking the receipts "nothing here before?"
    /// for every buyer walked the partner's whole history per receipt and never answered on a 300,000-customer partner
    /// (0190). The not-yet-profiled receipts are read through their own short partial index; SQLite, which has no
    /// statistics, is told so (it took the partner's history instead); a new subscriber's receipts are probed on the
    /// member's own index, where the COALESCE keeps SQLite.
    /// </summary>
    private static SqlBuilder NewCustomers(Guid partnerId, Period period, bool isSqlite)
    {
        var unprofiled = isSqlite ? "\"Purchases\" u INDEXED BY \"IX_Purchases_Unprofiled\"" : "\"Purchases\" u";
        return new SqlBuilder()
            .Append("SELECT (SELECT COUNT(*) FROM (SELECT cp.\"CustomerId\" FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND cp.\"FirstPurchaseAt\" >= ").Param(period.From).Append(" AND cp.\"FirstPurchaseAt\" < ").Param(period.To)
            .Append($" UNION SELECT u.\"CustomerId\" FROM {unprofiled} WHERE u.\"ProfiledAt\" IS NULL AND u.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND u.\"OccurredAt\" < ").Param(period.To)
            .Append(" AND NOT EXISTS (SELECT 1 FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND cp.\"CustomerId\" = u.\"CustomerId\" AND cp.\"FirstPurchaseAt\" IS NOT NULL)")
            .Append(" GROUP BY u.\"CustomerId\" HAVING MIN(u.\"OccurredAt\") >= ").Param(period.From).Append(") x)")
            .Append(" + (SELECT COUNT(*) FROM \"PartnerSubscriptions\" s WHERE s.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND s.\"SubscribedAt\" >= ").Param(period.From).Append(" AND s.\"SubscribedAt\" < ").Param(period.To)
            .Append(" AND NOT EXISTS (SELECT 1 FROM \"Purchases\" q WHERE q.\"CustomerId\" = s.\"CustomerId\" AND COALESCE(q.\"PartnerId\", q.\"PartnerId\") = ").Param(partnerId)
            .Append(" AND q.\"OccurredAt\" < ").Param(period.To).Append(")) AS \"Value\"");
    }

    private sealed class MonthRow
    {
        public int Index { get; init; }
        public long Revenue { get; init; }
        public int Purchases { get; init; }
    }

    /// <summary>
    /// The twelve months from <paramref name="from"/>, each summed over its own range of the (PartnerId, OccurredAt, Amount)
    /// index: a year of a big partner is 750,000 receipts, and grouping them by a month taken apart from each date
    /// (strftime, what EF writes for SQLite) cost ten times the reading (0190).
    /// </summary>
    private static SqlBuilder MonthlyTotals(Guid partnerId, DateTime from)
    {
        var sql = new SqlBuilder();
        for (var i = 0; i < 12; i++)
        {
            if (i > 0) sql.Append(" UNION ALL ");
            sql.Append($"SELECT {i} AS \"Index\", COALESCE(SUM(p.\"Amount\"), 0) AS \"Revenue\", COUNT(*) AS \"Purchases\" FROM \"Purchases\" p WHERE p.\"PartnerId\" = ")
                .Param(partnerId).Append(" AND p.\"OccurredAt\" >= ").Param(from.AddMonths(i)).Append(" AND p.\"OccurredAt\" < ").Param(from.AddMonths(i + 1));
        }
        return sql;
    }
}
