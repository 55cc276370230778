using Loyalty.Core.Common;
using Loyalty.Core.PartnerCrm;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Dashboard;

/// <summary>
/// The partner's latest purchases for the dashboard's live list. The page polls this every few seconds instead of
/// listening to in-process events, so it sees purchases made through any app node. One indexed query: the top rows of
/// (PartnerId, OccurredAt) joined to ten customers — cheap enough for every open dashboard to ask often.
/// </summary>
public sealed class GetPartnerLiveFeed(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int Size = 10;

    public async Task<IReadOnlyList<RecentPurchase>> HandleAsync(PartnerStaff staff, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        await using var db = dbs.Create();
        return await QueryAsync(db, staff.PartnerId, "", null, ct);
    }

    internal static async Task<IReadOnlyList<RecentPurchase>> QueryAsync(ILoyaltyDb db, Guid partnerId, string partnerName, DateTime? since, CancellationToken ct)
    {
        var own = db.Purchases.AsNoTracking().Where(p => p.PartnerId == partnerId);
        if (since is { } s) own = own.Where(p => p.OccurredAt > s);
        // Receipts of the same instant: the newest id first (ids are time-ordered), not whatever order an index keeps them in.
        var rows = await own.OrderByDescending(p => p.OccurredAt).ThenByDescending(p => p.Id).Take(Size)
            .Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new RecentPurchase(
                p.Id, p.OccurredAt, partnerName, c.FirstName, p.Amount, p.Currency, p.EarnedPoints, p.RedeemedPoints))
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.OccurredAt).ToList();
    }
}
