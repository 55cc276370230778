using Loyalty.Core.Common;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

public sealed record SegmentValue(RfmSegment Segment, int Members, long AverageLtv, long TotalSpend, double AveragePurchases, long AverageTicket, long Spend365);

/// <summary>
/// Lifetime value by RFM segment: net spend per member since their first purchase, from the nightly profiles (0016), so
/// it reads one narrow row per member, never the purchases. Scope: the partner's own profiles or the coalition's.
/// </summary>
public sealed class GetLtvBySegment(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<SegmentValue>> HandleAsync(Guid? partnerId, CancellationToken ct = default)
    {
        var scope = partnerId ?? CustomerProfile.Coalition;
        await using var db = dbs.Create();
        var rows = await db.CustomerProfiles.Where(p => p.PartnerId == scope && p.Segment != null)
            .GroupBy(p => p.Segment!.Value)
            .Select(g => new { Segment = g.Key, Members = g.Count(), Spend = g.Sum(p => p.SpendTotal), Purchases = g.Sum(p => p.PurchasesTotal), Spend365 = g.Sum(p => p.Spend365) })
            .ToListAsync(ct);
        return rows.Select(r => new SegmentValue(r.Segment, r.Members, r.Members == 0 ? 0 : r.Spend / r.Members, r.Spend,
                r.Members == 0 ? 0 : (double)r.Purchases / r.Members, r.Purchases == 0 ? 0 : r.Spend / r.Purchases, r.Spend365))
            .OrderByDescending(r => r.AverageLtv).ToList();
    }
}
