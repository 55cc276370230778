using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed class ListCustomerFilters(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<SavedFilterView>> HandleAsync(PartnerStaff staff, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        await using var db = dbs.Create();
        var rows = await db.SavedCustomerFilters.AsNoTracking().Where(f => f.PartnerId == staff.PartnerId).OrderBy(f => f.Name).ToListAsync(ct);
        return rows.Select(f => new SavedFilterView(f.Id, f.Name, CustomerFilter.FromJson(f.FilterJson), f.CreatedBy, f.CreatedAt)).ToList();
    }
}
