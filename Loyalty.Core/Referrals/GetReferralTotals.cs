using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

/// <summary>What the referral programme paid on one level of the chain in a period.</summary>
public sealed record ReferralLevelTotals(int Level, int Rewards, int Friends, int Referrers, long FriendsRevenue, long PointsPaid, long PointsReversed, long Unrecovered);

/// <summary>
/// Referral totals per level for a period (by the friend's purchase time): rewards, friends who bought, referrers paid,
/// the friends' revenue the rewards were computed on, points paid, taken back by refunds and written off. A partner sees
/// the rewards on purchases made at it; the console the coalition (null). One GROUP BY over the reward rows.
/// </summary>
public sealed class GetReferralTotals(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<ReferralLevelTotals>> HandleAsync(Guid? partnerId, DateTime from, DateTime to, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rewards = db.ReferralRewards.AsNoTracking().Where(r => r.PurchasedAt >= from && r.PurchasedAt < to);
        if (partnerId is { } partner) rewards = rewards.Where(r => r.PartnerId == partner);
        var rows = await rewards.GroupBy(r => r.Level).Select(g => new ReferralLevelTotals(g.Key, g.Count(),
                g.Select(r => r.FriendId).Distinct().Count(), g.Select(r => r.ReferrerId).Distinct().Count(),
                g.Sum(r => r.BaseAmount), g.Sum(r => r.Points), g.Sum(r => r.ReversedPoints), g.Sum(r => r.UnrecoveredPoints)))
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Level).ToList();
    }
}
