using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record PartnerRow(Guid Id, string Name, AreaLabel Area, string? City, PartnerStatus Status, int EarnRateBp, int RedemptionCapBp,
    int Stores, int ActiveTerminals, string Currency, long PointValueMinor, int SettlementFeeBp);

/// <summary>The coalition's partners for the operator console: the directory (applications have their own list).</summary>
public sealed class ListPartners(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<PartnerRow>> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Partners.AsNoTracking()
            .Where(p => p.Status == PartnerStatus.Active || p.Status == PartnerStatus.Suspended || p.Status == PartnerStatus.Approved)
            .OrderBy(p => p.Status).ThenBy(p => p.Name)
            .Join(db.BusinessAreas, p => p.AreaId, a => a.Id, (p, a) => new { p, Area = new AreaLabel(a.Id, a.Name, a.NameRu, a.IsManufacturer, a.IsArchived) })
            .Select(x => new { x.p, x.Area })
            .Select(x => new PartnerRow(x.p.Id, x.p.Name, x.Area, x.p.City, x.p.Status, x.p.EarnRateBp, x.p.RedemptionCapBp,
                db.Stores.Count(s => s.PartnerId == x.p.Id),
                db.PosTerminals.Count(t => t.PartnerId == x.p.Id && t.RevokedAt == null),
                x.p.Currency, x.p.PointValueMinor, x.p.SettlementFeeBp))
            .ToListAsync(ct);
    }
}
