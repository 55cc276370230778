using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

/// <summary>
/// The checks every new referral link passes, whoever sets it. Run inside the write transaction that sets the link, so
/// on SQLite's single writer two links cannot race each other into a cycle.
/// </summary>
internal static class ReferralGuards
{
    /// <summary>A chain longer than this is treated as broken data and refused rather than walked forever.</summary>
    private const int MaxChain = 10_000;

    public static async Task CheckAsync(ILoyaltyDb db, Guid friendId, Guid referrerId, string? deviceHash, CancellationToken ct)
    {
        if (friendId == referrerId)
            throw new DomainException("referral-self", "A member cannot be their own referrer.");
        var referrer = await db.Customers.AsNoTracking().Where(c => c.Id == referrerId).Select(c => new { c.Status, c.Phone }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("referral-code-unknown", "No member has this referral code.");
        if (referrer.Status == CustomerStatus.Blocked)
            throw new DomainException("referral-referrer-blocked", "This member's referral link is not active.");
        // Same person, second phone: the friend registers in the browser the referrer uses.
        if (deviceHash is not null && await db.MemberDevices.AnyAsync(d => d.CustomerId == referrerId && d.DeviceHash == deviceHash, ct))
            throw new DomainException("referral-same-device", "A referral link does not work on the referrer's own device.");

        // Walking up from the referrer must never reach the friend: otherwise the link would close a ring.
        Guid? current = referrerId;
        for (var steps = 0; current is { } id; steps++)
        {
            if (id == friendId)
                throw new DomainException("referral-ring", "This link would make a referral ring: the member is already above the referrer in the chain.");
            if (steps > MaxChain) throw new DomainException("referral-ring", "The referral chain is too long to check.");
            current = await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.ReferrerId).FirstOrDefaultAsync(ct);
        }
    }
}
