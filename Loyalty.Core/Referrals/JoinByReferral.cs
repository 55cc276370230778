using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

public sealed record JoinedByReferral(Guid ReferrerId, string ReferrerName);

/// <summary>
/// Records who invited a member who just registered from a referral link. Only right after registration and only once:
/// a referrer added later would let two members "invite" each other after the fact, so later changes are the operator's
/// (<see cref="SetReferrer"/>). Every refusal is audited; the caller keeps the registration and drops the link.
/// </summary>
public sealed class JoinByReferral(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <summary>How long after registering a member may still attach the link they came with.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task<JoinedByReferral> HandleAsync(Guid friendId, string code, string? deviceHash, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var normalized = ReferralRules.Normalize(code);
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        try
        {
            var referrerId = await db.ReferralCodes.Where(r => r.Code == normalized).Select(r => (Guid?)r.CustomerId).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("referral-code-unknown", "No member has this referral code.");
            var friend = await db.Customers.FirstOrDefaultAsync(c => c.Id == friendId, ct)
                ?? throw DomainException.NotFound("customer-not-found", "No such member.");
            if (friend.ReferrerId is not null)
                throw DomainException.Conflict("referral-already-set", "This member already has a referrer; only the operator can change it.");
            if (now - friend.RegisteredAt > Window || await db.Purchases.AnyAsync(p => p.CustomerId == friendId, ct))
                throw DomainException.Conflict("referral-too-late", "A referral link counts at registration only; ask support to add the referrer.");
            await ReferralGuards.CheckAsync(db, friendId, referrerId, deviceHash, ct);

            friend.ReferrerId = referrerId;
            friend.ReferredAt = now;
            var referrerName = await db.Customers.Where(c => c.Id == referrerId).Select(c => c.FirstName).FirstAsync(ct);
            db.AuditEvents.Add(new AuditEvent(now, "referral.joined", friend.Phone, $"Joined with referral code {normalized}", customerId: friendId));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new JoinedByReferral(referrerId, referrerName);
        }
        catch (DomainException refused)
        {
            await tx.RollbackAsync(ct);
            await using var log = dbs.Create();
            log.AuditEvents.Add(new AuditEvent(now, "referral.refused", normalized, $"{refused.Code}: {refused.Message}", customerId: friendId));
            await log.SaveChangesAsync(ct);
            throw;
        }
    }
}
