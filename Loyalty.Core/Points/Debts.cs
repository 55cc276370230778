using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

/// <summary>Settles a member's refund debts from what they have, oldest debt first.</summary>
internal static class Debts
{
    public static async Task SettleAsync(ILoyaltyDb db, Guid customerId, LedgerAccount main, DateTime at, CancellationToken ct)
    {
        await Ledger.ExpireDueLotsAsync(db, main, at, ct);
        var open = await db.PointsDebts.Where(d => d.CustomerId == customerId && d.Remaining > 0).OrderBy(d => d.Id).ToListAsync(ct);
        foreach (var debt in open)
        {
            var available = await Ledger.LockedBalanceAsync(db, main.Id, ct);
            var take = Math.Min(available, debt.Remaining);
            if (take <= 0) return;
            var issuance = await Ledger.PartnerAccountAsync(db, debt.PartnerId, AccountKind.PartnerIssuance, ct);
            await Ledger.PostAsync(db, at, Reasons.DebtSettled, "Points held back for an earlier refund",
                [new Leg(main, -take), new Leg(issuance, take)], customerId, debt.PartnerId, debt.PurchaseId, ct: ct);
            debt.Remaining -= take;
        }
    }
}
