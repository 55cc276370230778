using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed class DeleteCounterpart(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task HandleAsync(PartnerStaff staff, Guid id, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        await using var db = dbs.Create();
        if (await db.Counterparts.Where(c => c.Id == id && c.PartnerId == staff.PartnerId).ExecuteDeleteAsync(ct) == 0)
            throw DomainException.NotFound("counterpart-not-found", "This contact does not exist.");
    }
}
