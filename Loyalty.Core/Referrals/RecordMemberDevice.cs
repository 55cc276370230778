using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

/// <summary>Remembers that a member used a browser (by the hash of its device cookie), for the self-referral guard.</summary>
public sealed class RecordMemberDevice(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(Guid customerId, string deviceHash, CancellationToken ct = default)
    {
        if (deviceHash.Length != MemberDevice.HashLength) return;
        await using var db = dbs.Create();
        if (await db.MemberDevices.AnyAsync(d => d.CustomerId == customerId && d.DeviceHash == deviceHash, ct)) return;
        await using var tx = await db.BeginWriteAsync(ct);
        db.MemberDevices.Add(new MemberDevice(customerId, deviceHash, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same device recorded a moment ago by another tab: the unique index already holds it.
        }
    }
}
