using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

public sealed record ReferrerRow(Guid CustomerId, string Name, string Phone, int Friends, long PointsEarned, long PointsReversed);

public sealed record ReferralSummary(int ReferredMembers, int Referrers, long PointsPaid, long PointsReversed, long Unrecovered, IReadOnlyList<ReferrerRow> Top, int TopTotal);

/// <summary>The operator's Referrals page: programme totals and the referrers, most friends first, paged in the database.</summary>
public sealed class ListReferrers(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ReferralSummary> HandleAsync(int skip = 0, int take = 25, string? search = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var referred = await db.Customers.CountAsync(c => c.ReferrerId != null, ct);
        var totals = await db.ReferralRewards.GroupBy(r => 1)
            .Select(g => new { Paid = g.Sum(r => r.Points), Reversed = g.Sum(r => r.ReversedPoints), Lost = g.Sum(r => r.UnrecoveredPoints) }).FirstOrDefaultAsync(ct);
        var referrers = db.Customers.AsNoTracking().Where(c => db.Customers.Any(f => f.ReferrerId == c.Id));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            referrers = referrers.Where(c => c.Phone.Contains(s) || c.FirstName.Contains(s));
        }
        var count = await referrers.CountAsync(ct);
        var rows = await referrers
            .Select(c => new
            {
                c.Id, c.FirstName, c.Phone,
                Friends = db.Customers.Count(f => f.ReferrerId == c.Id),
                Earned = db.ReferralRewards.Where(r => r.ReferrerId == c.Id).Sum(r => r.Points),
                Reversed = db.ReferralRewards.Where(r => r.ReferrerId == c.Id).Sum(r => r.ReversedPoints),
            })
            .OrderByDescending(x => x.Friends).ThenByDescending(x => x.Earned).ThenBy(x => x.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        var referrerCount = await db.Customers.CountAsync(c => db.Customers.Any(f => f.ReferrerId == c.Id), ct);
        return new ReferralSummary(referred, referrerCount, totals?.Paid ?? 0, totals?.Reversed ?? 0, totals?.Lost ?? 0,
            rows.Select(r => new ReferrerRow(r.Id, r.FirstName, r.Phone, r.Friends, r.Earned, r.Reversed)).ToList(), count);
    }
}
