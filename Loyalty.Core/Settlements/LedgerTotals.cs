using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Settlements;

/// <summary>What the ledger says each partner issued and had redeemed in a range of instants.</summary>
public sealed record PartnerPointTotals(Guid PartnerId, long Issued, long Redeemed);

internal static class LedgerTotals
{
    /// <summary>
    /// One grouped query over the entries of the partners' issuance and redemption accounts whose transfers occurred in
    /// [from, to). Issuing points debits the issuance account (so issued = −sum); spending credits the redemption account.
    /// Refund reversals and settled refund debts are entries on the same accounts, so the totals are net of them.
    /// </summary>
    public static async Task<List<PartnerPointTotals>> ByPartnerAsync(ILoyaltyDb db, DateTime start, DateTime end, Guid? partnerId, CancellationToken ct)
    {
        var rows = await (
                from e in db.Entries
                join a in db.LedgerAccounts on e.AccountId equals a.Id
                join t in db.Transfers on e.TransferId equals t.Id
                where (a.Kind == AccountKind.PartnerIssuance || a.Kind == AccountKind.PartnerRedemption)
                      && t.OccurredAt >= start && t.OccurredAt < end
                      && (partnerId == null || a.PartnerId == partnerId)
                group e.Amount by new { a.PartnerId, a.Kind } into g
                select new { g.Key.PartnerId, g.Key.Kind, Sum = g.Sum() })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.PartnerId!.Value)
            .Select(g => new PartnerPointTotals(g.Key,
                -g.Where(r => r.Kind == AccountKind.PartnerIssuance).Sum(r => r.Sum),
                g.Where(r => r.Kind == AccountKind.PartnerRedemption).Sum(r => r.Sum)))
            .ToList();
    }
}
