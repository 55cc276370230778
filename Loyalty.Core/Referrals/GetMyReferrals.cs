using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

public sealed record InvitedFriend(string Name, DateTime JoinedAt, int Purchases, long PointsEarned);

public sealed record MyReferrals(string Code, IReadOnlyList<int> RatesBp, int FriendsInvited, int NetworkSize, long PointsEarned, long PointsReversed,
    IReadOnlyList<InvitedFriend> Friends);

/// <summary>
/// The member's referral page: their code (created on first look), the levels' rates, who they invited and what it earned.
/// Friends are shown by first name only: the member learns who joined, not their phone numbers.
/// </summary>
public sealed class GetMyReferrals(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<MyReferrals> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        var code = await EnsureCodeAsync(dbs, clock, customerId, ct);
        await using var db = dbs.Create();
        var settings = await db.ProgramSettings.AsNoTracking().Select(p => p.ReferralRatesBp).FirstOrDefaultAsync(ct);
        var rates = ReferralRules.ParseRates(settings);
        var friends = await db.Customers.AsNoTracking().Where(c => c.ReferrerId == customerId)
            .OrderByDescending(c => c.ReferredAt).Take(100)
            .Select(c => new InvitedFriend(c.FirstName, c.ReferredAt ?? c.RegisteredAt,
                db.Purchases.Count(p => p.CustomerId == c.Id),
                db.ReferralRewards.Where(r => r.ReferrerId == customerId && r.FriendId == c.Id).Sum(r => r.Points - r.ReversedPoints)))
            .ToListAsync(ct);
        var invited = await db.Customers.CountAsync(c => c.ReferrerId == customerId, ct);
        var totals = await db.ReferralRewards.Where(r => r.ReferrerId == customerId)
            .GroupBy(r => 1).Select(g => new { Points = g.Sum(r => r.Points), Reversed = g.Sum(r => r.ReversedPoints) }).FirstOrDefaultAsync(ct);
        var network = await ReferralTree.CountDescendantsAsync(db, customerId, Math.Max(rates.Count, 1), ct);
        return new MyReferrals(code, rates, invited, network, totals?.Points ?? 0, totals?.Reversed ?? 0, friends);
    }

    /// <summary>Finds or creates the member's code; a clash with another member's random code simply tries again.</summary>
    internal static async Task<string> EnsureCodeAsync(ILoyaltyDbFactory dbs, TimeProvider clock, Guid customerId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = dbs.Create();
            var existing = await db.ReferralCodes.AsNoTracking().Where(r => r.CustomerId == customerId).Select(r => r.Code).FirstOrDefaultAsync(ct);
            if (existing is not null) return existing;
            if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) throw DomainException.NotFound("customer-not-found", "No such member.");
            await using var tx = await db.BeginWriteAsync(ct);
            db.ReferralCodes.Add(new ReferralCode(customerId, ReferralRules.NewCode(), clock.GetUtcNow().UtcDateTime));
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // The same member in two tabs, or a code already taken: read again.
            }
        }
    }
}
