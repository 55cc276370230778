using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

/// <summary>
/// A refund takes back campaign bonuses in the same proportion as base points (invariant 7), on the running total so a
/// full refund reverses exactly what was given. What the member no longer has becomes a debt, like base points.
/// The certificate a receipt used is not given back (docs/decisions/0061-certificates.md).
/// </summary>
internal static class CampaignRefunds
{
    /// <summary>Returns the points taken back and the debt recorded. Runs inside the refund's transaction.</summary>
    public static async Task<(long Reversed, long Debt)> ReverseAsync(ILoyaltyDb db, ActiveCampaigns active, Purchases.Purchase purchase, LedgerAccount main,
        string partnerName, DateTime now, CancellationToken ct)
    {
        var rewards = await db.CampaignRewards.Where(r => r.PurchaseId == purchase.Id && r.Points > 0)
            .Join(db.Campaigns, r => r.CampaignId, c => c.Id, (r, c) => new { r.Id, r.Points, r.ReversedPoints, c.Name, c.OwnerPartnerId })
            .ToListAsync(ct);
        long reversed = 0, debt = 0;
        foreach (var reward in rewards)
        {
            var target = (long)((Int128)reward.Points * purchase.RefundedAmount / purchase.Amount);
            var toReverse = target - reward.ReversedPoints;
            if (toReverse <= 0) continue;
            await Ledger.ExpireDueLotsAsync(db, main, now, ct);
            var available = await Ledger.LockedBalanceAsync(db, main.Id, ct);
            var take = Math.Min(available, toReverse);
            if (take > 0)
            {
                var funding = await active.FundingAccountAsync(db, reward.OwnerPartnerId, ct);
                await Ledger.PostAsync(db, now, CampaignReasons.BonusReversal, $"Bonus “{reward.Name}” taken back for a refund at {partnerName}",
                    [new Leg(main, -take), new Leg(funding, take)], purchase.CustomerId, purchase.PartnerId, purchase.Id, ct: ct);
            }
            if (toReverse > take) db.PointsDebts.Add(new PointsDebt(purchase.CustomerId, purchase.PartnerId, purchase.Id, toReverse - take, now));
            await db.CampaignRewards.Where(r => r.Id == reward.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReversedPoints, target), ct);
            reversed += take;
            debt += toReverse - take;
        }
        return (reversed, debt);
    }
}
