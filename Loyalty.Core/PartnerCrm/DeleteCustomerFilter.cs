using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed class DeleteCustomerFilter(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task HandleAsync(PartnerStaff staff, Guid filterId, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        await using var db = dbs.Create();
        if (await db.SavedCustomerFilters.Where(f => f.Id == filterId && f.PartnerId == staff.PartnerId).ExecuteDeleteAsync(ct) == 0)
            throw DomainException.NotFound("filter-not-found", "This filter does not exist.");
    }
}
