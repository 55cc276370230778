using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Dashboard;

public sealed record LiveTransaction(Guid Id, DateTime OccurredAt, string Partner, string City, string Customer, long Amount, string Currency,
    long EarnedPoints, long RedeemedPoints, long Refunded);

/// <summary>
/// The live feed: the newest purchases across the coalition. Every node of the app polls the database with this one
/// statement (top N on the OccurredAt index, then primary-key lookups), so a purchase made through any node shows up on
/// every operator's screen within one poll — no in-process events (0091).
/// </summary>
public sealed class GetLiveTransactions(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<LiveTransaction>> HandleAsync(int take = 15, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var latest = db.Purchases.AsNoTracking().OrderByDescending(p => p.OccurredAt).ThenByDescending(p => p.Id).Take(Math.Clamp(take, 1, 50));
        var rows = await latest
            .Join(db.Partners, p => p.PartnerId, partner => partner.Id, (p, partner) => new { p, Partner = partner.Name })
            .Join(db.Stores, x => x.p.StoreId, s => s.Id, (x, s) => new { x.p, x.Partner, s.City })
            .Join(db.Customers, x => x.p.CustomerId, c => c.Id, (x, c) => new LiveTransaction(x.p.Id, x.p.OccurredAt, x.Partner, x.City, c.FirstName,
                x.p.Amount, x.p.Currency, x.p.EarnedPoints, x.p.RedeemedPoints, x.p.RefundedAmount))
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.OccurredAt).ToList();
    }
}
