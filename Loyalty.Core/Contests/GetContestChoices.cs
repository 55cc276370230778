using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record Choice(Guid Id, string Name, Guid? PartnerId = null);

/// <summary>What the contest editor offers: the owner's segments, stores and promo products (the operator: active partners too), and the owner's time zone.</summary>
public sealed record ContestChoices(IReadOnlyList<Choice> Partners, IReadOnlyList<Choice> Stores, IReadOnlyList<Choice> Segments, IReadOnlyList<Choice> Products, string TimeZone);

public sealed class GetContestChoices(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ContestChoices> HandleAsync(Guid? ownerPartnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var partners = ownerPartnerId is null
            ? await db.Partners.AsNoTracking().Where(p => p.Status == PartnerStatus.Active).OrderBy(p => p.Name).Select(p => new Choice(p.Id, p.Name, null)).ToListAsync(ct)
            : [];
        var stores = await db.Stores.AsNoTracking().Where(s => ownerPartnerId == null || s.PartnerId == ownerPartnerId)
            .OrderBy(s => s.Name).Take(500).Select(s => new Choice(s.Id, s.Name + ", " + s.City, s.PartnerId)).ToListAsync(ct);
        var segments = await db.Segments.AsNoTracking().Where(s => s.OwnerPartnerId == ownerPartnerId).OrderBy(s => s.Name)
            .Select(s => new Choice(s.Id, s.Name, null)).ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => ownerPartnerId == null || p.PartnerId == ownerPartnerId)
            .OrderBy(p => p.Name).Take(500).Select(p => new Choice(p.Id, p.Brand + " " + p.Name, p.PartnerId)).ToListAsync(ct);
        var zone = ownerPartnerId is { } owner ? await db.Partners.Where(p => p.Id == owner).Select(p => p.TimeZone).FirstOrDefaultAsync(ct) ?? "UTC" : "UTC";
        return new ContestChoices(partners, stores, segments, products, zone);
    }
}
