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

public sealed class GetProgramEffectiveness(ILoyaltyDbFactory dbs) : IUseCase
{
    /// <summary>How long after an offer a purchase still counts as its conversion (the campaigns' default window, 0063).</summary>
    public const int OfferConversionDays = OfferFigures.ConversionDays;

    public async Task<ProgramEffectiveness> HandleAsync(AnalyticsQuery query, string currency, CancellationToken ct = default)
    {
        query = query.Validated();
        await using var db = dbs.Create();
        var period = query.InPeriod(db);
        var totals = await period.GroupBy(p => 1).Select(g => new
        {
            Purchases = g.Count(),
            Revenue = g.Sum(p => p.Amount - p.RefundedAmount),
            Active = g.Select(p => p.CustomerId).Distinct().Count(),
            Earned = g.Sum(p => p.EarnedPoints - p.ReversedEarned),
            Redeemed = g.Sum(p => p.RedeemedPoints - p.ReturnedRedeemed),
            Discounts = g.Sum(p => p.DiscountAmount),
        }).FirstOrDefaultAsync(ct);
        var purchases = totals?.Purchases ?? 0;
        var revenue = totals?.Revenue ?? 0;
        var active = totals?.Active ?? 0;

        var scope = query.Scope(db);
        var to = query.To;
        var from = query.From;
        int members, newMembers;
        if (query.PartnerId is null)
        {
            members = await db.Customers.CountAsync(c => c.RegisteredAt < to, ct);
            newMembers = await db.Customers.CountAsync(c => c.RegisteredAt >= from && c.RegisteredAt < to, ct);
        }
        else
        {
            // A partner's members are the people who have bought there: its share of the coalition's card holders.
            members = await scope.Where(p => p.OccurredAt < to).Select(p => p.CustomerId).Distinct().CountAsync(ct);
            newMembers = await period.Where(p => !scope.Any(q => q.CustomerId == p.CustomerId && q.OccurredAt < from)).Select(p => p.CustomerId).Distinct().CountAsync(ct);
        }

        var (prevFrom, prevTo) = query.Previous;
        var previous = scope.Where(p => p.OccurredAt >= prevFrom && p.OccurredAt < prevTo).Select(p => p.CustomerId).Distinct();
        var previousActive = await previous.CountAsync(ct);
        var churned = await previous.Where(c => !period.Any(p => p.CustomerId == c)).CountAsync(ct);
        var repeaters = await period.GroupBy(p => p.CustomerId).Where(g => g.Count() >= 2).CountAsync(ct);
        var lines = await period.SelectMany(p => p.Items).CountAsync(ct);

        var referralPoints = await db.ReferralRewards
            .Where(r => r.PurchasedAt >= from && r.PurchasedAt < to && (query.PartnerId == null || r.PartnerId == query.PartnerId))
            .SumAsync(r => r.Points - r.ReversedPoints, ct);
        var referred = period.Where(p => db.Customers.Any(c => c.Id == p.CustomerId && c.ReferrerId != null));
        var referralRevenue = await referred.SumAsync(p => p.Amount - p.RefundedAmount, ct);
        var referredBuyers = await referred.Select(p => p.CustomerId).Distinct().CountAsync(ct);
        // Revenue the program keeps coming back: every purchase in the period that was not the member's first in this scope.
        var repeatRevenue = await period.Where(p => scope.Any(q => q.CustomerId == p.CustomerId && q.OccurredAt < p.OccurredAt))
            .SumAsync(p => p.Amount - p.RefundedAmount, ct);

        // Receipts in the period paid partly with a certificate (any issuer): what certificates brought to the till.
        var certificateRevenue = await period.Where(p => db.Certificates.Any(c => c.PurchaseId == p.Id)).SumAsync(p => p.Amount - p.RefundedAmount, ct);
        var (offersSent, offersConverted) = await OfferFigures.ConversionAsync(db, query.PartnerId, from, to, ct);
        var (cardShare, cardlessCount, cardlessAmount) = await OfferFigures.CardShareAsync(db, query.PartnerId, from, to, ct);
        long? cardlessTicket = cardlessCount == 0 ? null : cardlessAmount / cardlessCount;

        var earned = totals?.Earned ?? 0;
        var redeemed = totals?.Redeemed ?? 0;
        var discounts = totals?.Discounts ?? 0;
        var cost = RewardRules.RedeemedValueMinor(earned + referralPoints, currency) + discounts;
        return new ProgramEffectiveness(
            members, active, newMembers, purchases, revenue, purchases == 0 ? 0 : revenue / purchases, active == 0 ? 0 : (double)purchases / active,
            previousActive, churned, previousActive == 0 ? 0 : (double)churned / previousActive, active == 0 ? 0 : (double)repeaters / active,
            purchases == 0 ? 0 : (double)lines / purchases,
            earned, redeemed, discounts, referralPoints, revenue == 0 ? 0 : (double)RewardRules.RedeemedValueMinor(redeemed, currency) / revenue,
            cost, repeatRevenue, cost == 0 ? null : (double)(repeatRevenue - cost) / cost, referralRevenue, referredBuyers,
            CardShare: cardShare, NonMemberAverageTicket: cardlessTicket, OfferConversion: offersSent == 0 ? null : (double)offersConverted / offersSent,
            CertificateRevenue: certificateRevenue);
    }
}
