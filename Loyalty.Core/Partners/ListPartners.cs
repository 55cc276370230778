using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record PartnerRow(Guid Id, string Name, BusinessArea Area, string? City, PartnerStatus Status, int EarnRateBp, int RedemptionCapBp,
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
            .Select(p => new PartnerRow(p.Id, p.Name, p.Area, p.City, p.Status, p.EarnRateBp, p.RedemptionCapBp,
                db.Stores.Count(s => s.PartnerId == p.Id),
                db.PosTerminals.Count(t => t.PartnerId == p.Id && t.RevokedAt == null),
                p.Currency, p.PointValueMinor, p.SettlementFeeBp))
            .ToListAsync(ct);
    }
}
