using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>Puts a partner's own tag on one of its customers, or takes it off. Adding twice is harmless.</summary>
public sealed class TagCustomer(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxTagsPerCustomer = 20;

    public async Task<IReadOnlyList<string>> HandleAsync(PartnerStaff staff, Guid customerId, string tag, bool add, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        var value = CustomerTag.Normalize(tag);
        await using var db = dbs.Create();
        await PartnerCustomerAccess.EnsureCustomerAsync(db, staff.PartnerId, customerId, ct);
        var own = db.CustomerTags.Where(t => t.PartnerId == staff.PartnerId && t.CustomerId == customerId);
        if (add)
        {
            if (!await own.AnyAsync(t => t.Tag == value, ct))
            {
                if (await own.CountAsync(ct) >= MaxTagsPerCustomer)
                    throw ValidationException.For("tag", $"A customer has at most {MaxTagsPerCustomer} tags.");
                db.CustomerTags.Add(new CustomerTag(staff.PartnerId, customerId, value, clock.GetUtcNow().UtcDateTime));
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) { /* A colleague added the same tag at the same moment: the tag is there, which is what was asked. */ }
            }
        }
        else
            await own.Where(t => t.Tag == value).ExecuteDeleteAsync(ct);
        return await own.Select(t => t.Tag).OrderBy(t => t).ToListAsync(ct);
    }
}
