using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

/// <summary>
/// Figures shared by the analytics and the dashboards, so both say the same number for the same period: offer conversion
/// (0066, amended) and the share of receipts made with a card (0150).
/// </summary>
internal static class OfferFigures
{
    /// <summary>How long after an offer a purchase still counts as its conversion (the campaigns' default window, 0063).</summary>
    public const int ConversionDays = 14;

    /// <summary>
    /// Offers sent by trigger campaigns in [from, to) (not to the control group, not purchase bonuses, which are given at a
    /// purchase, nor expiry reminders): how many, and how many were followed by a purchase in scope within
    /// <see cref="ConversionDays"/>. Scope: one partner's campaigns and purchases, or the coalition (null).
    /// </summary>
    public static async Task<(int Sent, int Converted)> ConversionAsync(ILoyaltyDb db, Guid? partnerId, DateTime from, DateTime to, CancellationToken ct)
    {
        IQueryable<Purchase> scope = partnerId is { } p ? db.Purchases.Where(x => x.PartnerId == p) : db.Purchases;
        var offers = db.CampaignRewards.Where(r => r.At >= from && r.At < to && r.Variant != TestArm.Control
            && db.Campaigns.Any(c => c.Id == r.CampaignId && (partnerId == null || c.OwnerPartnerId == partnerId)
                && c.Type != CampaignType.PurchaseBonus && c.Type != CampaignType.SpecialOffer && c.Type != CampaignType.ExpiryReminder));
        var sent = await offers.CountAsync(ct);
        var converted = sent == 0 ? 0 : await offers
            .Where(r => scope.Any(x => x.CustomerId == r.CustomerId && x.OccurredAt > r.At && x.OccurredAt <= r.At.AddDays(ConversionDays)))
            .CountAsync(ct);
        return (sent, converted);
    }

    /// <summary>
    /// Card receipts ÷ all receipts in [from, to), over the partners whose tills reported receipts without a card in the
    /// period (null when none did: the share is unknown, not 100 %). Also the cardless total and count.
    /// </summary>
    public static async Task<(double? Share, int Cardless, long CardlessAmount)> CardShareAsync(ILoyaltyDb db, Guid? partnerId, DateTime from, DateTime to, CancellationToken ct)
    {
        var reported = db.AnonymousReceipts.Where(r => r.OccurredAt >= from && r.OccurredAt < to && (partnerId == null || r.PartnerId == partnerId));
        var cardless = await reported.GroupBy(r => 1).Select(g => new { Count = g.Sum(r => r.Count), Amount = g.Sum(r => r.Amount) }).FirstOrDefaultAsync(ct);
        if (cardless is not { Count: > 0 }) return (null, 0, 0);
        var reporting = reported.Select(r => r.PartnerId);
        var card = await db.Purchases.CountAsync(p => p.OccurredAt >= from && p.OccurredAt < to && reporting.Contains(p.PartnerId), ct);
        return ((double)card / (card + cardless.Count), cardless.Count, cardless.Amount);
    }
}
