using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Dashboard;

public sealed record PortalPartner(Guid Id, string Name, string Slug, AreaLabel Area, string? City);

public sealed record PortalFacts(int Partners, int Stores, int Members, IReadOnlyList<PortalPartner> Featured);

/// <summary>The few public figures the portal's home page shows; nothing personal.</summary>
public sealed class GetPortalFacts(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<PortalFacts> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var active = db.Partners.Where(p => p.Status == PartnerStatus.Active);
        var featured = await active.OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Slug, p.AreaId, p.City })
            .Take(12).ToListAsync(ct);
        var areas = await ManageBusinessAreas.LabelsAsync(db, ct);
        return new PortalFacts(
            await active.CountAsync(ct),
            await db.Stores.CountAsync(s => active.Any(p => p.Id == s.PartnerId), ct),
            await db.Customers.CountAsync(ct),
            featured.Select(p => new PortalPartner(p.Id, p.Name, p.Slug, areas.For(p.AreaId), p.City)).ToList());
    }
}
