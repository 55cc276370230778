using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed record TagCount(string Tag, int Customers);

/// <summary>The tags a partner uses, most used first, for the filter and the tag picker.</summary>
public sealed class ListCustomerTags(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<TagCount>> HandleAsync(PartnerStaff staff, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        await using var db = dbs.Create();
        var tags = await db.CustomerTags.Where(t => t.PartnerId == staff.PartnerId)
            .GroupBy(t => t.Tag).Select(g => new { g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).Take(200).ToListAsync(ct);
        return tags.Select(t => new TagCount(t.Key, t.Count)).ToList();
    }
}
