using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Portal;

public sealed record DirectoryPartner(Guid Id, string Name, string Slug, AreaLabel Area, string? City, string? Description,
    decimal EarnPercent, int Stores, double? Rating, int Reviews);

public sealed record DirectoryFilter(int? AreaId, string? City, string? Search, int Page = 0, int PageSize = 24);

/// <summary>The public partners directory: active partners only, filtered and paged in the database.</summary>
public sealed class ListPartnerDirectory(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Messaging.Page<DirectoryPartner>> HandleAsync(DirectoryFilter filter, CancellationToken ct = default)
    {
        var size = Math.Clamp(filter.PageSize, 1, 60);
        await using var db = dbs.Create();
        var partners = db.Partners.AsNoTracking().Where(p => p.Status == PartnerStatus.Active);
        if (filter.AreaId is { } area) partners = partners.Where(p => p.AreaId == area);
        if (!string.IsNullOrWhiteSpace(filter.City))
        {
            var city = filter.City.Trim();
            // A partner is "in" a city where its head office or any of its stores is.
            partners = partners.Where(p => p.City == city || db.Stores.Any(s => s.PartnerId == p.Id && s.City == city));
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = "%" + filter.Search.Trim().Replace("%", "").Replace("_", "") + "%";
            partners = partners.Where(p => EF.Functions.Like(p.Name, term));
        }
        var total = await partners.CountAsync(ct);
        var rows = await partners.OrderBy(p => p.Name).Skip(Math.Max(0, filter.Page) * size).Take(size)
            .Select(p => new
            {
                p.Id, p.Name, p.Slug, p.AreaId, p.City, p.Description, p.EarnRateBp,
                Stores = db.Stores.Count(s => s.PartnerId == p.Id),
                Rating = db.Reviews.Where(r => r.PartnerId == p.Id && r.Status == Reviews.ReviewStatus.Published).Average(r => (double?)r.Rating),
                Reviews = db.Reviews.Count(r => r.PartnerId == p.Id && r.Status == Reviews.ReviewStatus.Published),
            })
            .ToListAsync(ct);
        var areas = await ManageBusinessAreas.LabelsAsync(db, ct);
        return new Messaging.Page<DirectoryPartner>(
            rows.Select(r => new DirectoryPartner(r.Id, r.Name, r.Slug, areas.For(r.AreaId), r.City, r.Description, r.EarnRateBp / 100m, r.Stores, r.Rating, r.Reviews)).ToList(), total);
    }

    /// <summary>Cities for the filter: where active partners have stores.</summary>
    public async Task<IReadOnlyList<string>> CitiesAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Stores.AsNoTracking()
            .Where(s => s.City != "" && db.Partners.Any(p => p.Id == s.PartnerId && p.Status == PartnerStatus.Active))
            .Select(s => s.City).Distinct().OrderBy(c => c).Take(200).ToListAsync(ct);
    }
}
