using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

/// <summary>
/// "Does the program make money?" in one set of figures for a period (definitions in docs/decisions/0066-analytics.md).
/// Amounts in minor units of the program currency, points in hundredths. Null where the data does not exist.
/// </summary>
public sealed record ProgramEffectiveness(
    int Members, int ActiveMembers, int NewMembers, int Purchases, long Revenue, long AverageTicket, double VisitsPerActive,
    int PreviousActive, int Churned, double ChurnRate, double RepeatRate, double AverageLines,
    long PointsEarned, long PointsRedeemed, long Discounts, long ReferralPoints, double EffectiveDiscountRate,
    long ProgramCost, long RepeatRevenue, double? Roi, long ReferralRevenue, int ReferredBuyers,
    double? CardShare, long? NonMemberAverageTicket, double? OfferConversion, long? CertificateRevenue);

public sealed class GetProgramEffectiveness(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <summary>How long after an offer a purchase still counts as its conversion (the campaigns' default window, 0063).</summary>
    public const int OfferConversionDays = OfferFigures.ConversionDays;

    public async Task<ProgramEffectiveness> HandleAsync(AnalyticsQuery query, string currency, CancellationToken ct = default)
    {
        query = query.Validated();
        await using var db = dbs.Create();
        var rollups = RollupSql.For(db);
        var totals = (await db.Database.SqlQuery<SalesTotals>(rollups.Sales(query.Slice).Build()).ToListAsync(ct)).Single();
        var purchases = totals.Receipts;
        var revenue = totals.Revenue;

        var sql = new EffectivenessSql(query.PartnerId, rollups.IsSqlite);
        var to = query.To;
        var from = query.From;
        var buyers = await PeriodBuyers.CountAsync(db, query, clock.GetUtcNow().UtcDateTime, ct);
        var active = buyers.Active;
        var firsts = (await db.Database.SqlQuery<FirstPurchases>(rollups.FirstPurchases(query.Slice).Build()).ToListAsync(ct)).Single();
        int members, newMembers;
        if (query.PartnerId is null)
        {
            members = await db.Customers.CountAsync(c => c.RegisteredAt < to, ct);
            newMembers = await db.Customers.CountAsync(c => c.RegisteredAt >= from && c.RegisteredAt < to, ct);
        }
        else
        {
            // A partner's members are the people who have bought there: its share of the coalition's card holders.
            members = firsts.Ever;
            newMembers = firsts.Members;
        }
        var lines = totals.Lines;

        var referralPoints = await db.ReferralRewards
            .Where(r => r.PurchasedAt >= from && r.PurchasedAt < to && (query.PartnerId == null || r.PartnerId == query.PartnerId))
            .SumAsync(r => r.Points - r.ReversedPoints, ct);
        var referred = (await db.Database.SqlQuery<ReferredSales>(sql.Referred(from, to).Build()).ToListAsync(ct)).Single();
        // Revenue the program keeps coming back: every purchase in the period that was not the member's first in this scope.
        var repeatRevenue = revenue - firsts.Revenue;

        // Receipts in the period paid partly with a certificate (any issuer): what certificates brought to the till.
        var certificateRevenue = (await db.Database.SqlQuery<long>(sql.CertificateRevenue(query).Build()).ToListAsync(ct)).Single();
        var (offersSent, offersConverted) = await OfferFigures.ConversionAsync(db, query.PartnerId, from, to, ct);
        var (cardShare, cardlessCount, cardlessAmount) = await OfferFigures.CardShareAsync(db, query.PartnerId, from, to, ct);
        long? cardlessTicket = cardlessCount == 0 ? null : cardlessAmount / cardlessCount;

        var earned = totals.Earned;
        var redeemed = totals.Redeemed;
        var discounts = totals.Discounts;
        var cost = RewardRules.RedeemedValueMinor(earned + referralPoints, currency) + discounts;
        return new ProgramEffectiveness(
            members, active, newMembers, purchases, revenue, purchases == 0 ? 0 : revenue / purchases, active == 0 ? 0 : (double)purchases / active,
            buyers.PreviousActive, buyers.Churned, buyers.PreviousActive == 0 ? 0 : (double)buyers.Churned / buyers.PreviousActive, active == 0 ? 0 : (double)buyers.Repeaters / active,
            purchases == 0 ? 0 : (double)lines / purchases,
            earned, redeemed, discounts, referralPoints, revenue == 0 ? 0 : (double)RewardRules.RedeemedValueMinor(redeemed, currency) / revenue,
            cost, repeatRevenue, cost == 0 ? null : (double)(repeatRevenue - cost) / cost, referred.Revenue, referred.Buyers,
            CardShare: cardShare, NonMemberAverageTicket: cardlessTicket, OfferConversion: offersSent == 0 ? null : (double)offersConverted / offersSent,
            CertificateRevenue: certificateRevenue);
    }
}

/// <summary>One row of <see cref="RollupSql.Sales"/> without keys.</summary>
internal sealed class SalesTotals
{
    public int Receipts { get; init; }
    public long Revenue { get; init; }
    public long Earned { get; init; }
    public long Redeemed { get; init; }
    public long Discounts { get; init; }
    public int Lines { get; init; }
}
