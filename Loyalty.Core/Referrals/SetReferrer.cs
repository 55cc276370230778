using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

/// <summary>
/// Operator staff add, change or remove a member's referrer (a friend who forgot the link, a fraud case). The same guards
/// as a referral link apply, so a ring can never form. Only purchases from now on reward the new chain; rewards already
/// paid stay with whoever earned them.
/// </summary>
public sealed class SetReferrer(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <param name="referrer">Phone, card number or referral code of the new referrer; empty removes the referrer.</param>
    public async Task HandleAsync(Guid friendId, string? referrer, string actor, string defaultRegion, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var friend = await db.Customers.FirstOrDefaultAsync(c => c.Id == friendId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "No such member.");
        Guid? referrerId = null;
        if (!string.IsNullOrWhiteSpace(referrer))
        {
            referrerId = await FindAsync(db, referrer, defaultRegion, ct)
                ?? throw ValidationException.For("referrer", "No member has this phone, card number or referral code.");
            await ReferralGuards.CheckAsync(db, friendId, referrerId.Value, null, ct);
        }
        if (friend.ReferrerId == referrerId) return;
        var before = friend.ReferrerId;
        friend.ReferrerId = referrerId;
        friend.ReferredAt = referrerId is null ? null : now;
        db.AuditEvents.Add(new AuditEvent(now, "referral.changed", actor, $"Referrer {before?.ToString() ?? "none"} → {referrerId?.ToString() ?? "none"}", customerId: friendId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<Guid?> FindAsync(ILoyaltyDb db, string text, string defaultRegion, CancellationToken ct)
    {
        var trimmed = text.Trim();
        if (PhoneNumber.TryParse(trimmed, defaultRegion, out var phone))
        {
            var byPhone = await db.Customers.Where(c => c.Phone == phone!.Value).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (byPhone is not null) return byPhone;
        }
        var digits = new string(trimmed.Where(char.IsDigit).ToArray());
        if (digits.Length > 0)
        {
            var byCard = await db.Cards.Where(c => c.Number == digits && c.CustomerId != null).Select(c => c.CustomerId).FirstOrDefaultAsync(ct);
            if (byCard is not null) return byCard;
        }
        var code = ReferralRules.Normalize(trimmed);
        return await db.ReferralCodes.Where(r => r.Code == code).Select(r => (Guid?)r.CustomerId).FirstOrDefaultAsync(ct);
    }
}
