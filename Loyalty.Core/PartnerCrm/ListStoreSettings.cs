using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed record StoreView(Guid Id, string Name, string City, string Address, string TimeZone, string? OpeningHours, bool IsOnline, int Terminals);

public sealed class ListStoreSettings(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<StoreView>> HandleAsync(PartnerStaff staff, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        await using var db = dbs.Create();
        return await db.Stores.AsNoTracking().Where(s => s.PartnerId == staff.PartnerId).OrderBy(s => s.Name)
            .Select(s => new StoreView(s.Id, s.Name, s.City, s.Address, s.TimeZone, s.OpeningHours, s.IsOnline,
                db.PosTerminals.Count(t => t.StoreId == s.Id && t.RevokedAt == null)))
            .ToListAsync(ct);
    }
}
