using Loyalty.Core.Common;
using Loyalty.Core.News;
using Loyalty.Core.Partners;
using Loyalty.Core.Programs;
using Loyalty.Core.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Portal;

public sealed record PartnerStoreView(Guid Id, string Name, string City, string Address, string? OpeningHours, bool IsOnline);

public sealed record TierRateView(string Name, decimal EarnPercent, decimal RedemptionCapPercent);

public sealed record PartnerPageView(
    Guid Id, string Name, string Slug, AreaLabel Area, string? City, string? Description, string? Website,
    ProgramType ProgramType, decimal EarnPercent, decimal RedemptionCapPercent, decimal DiscountPercent,
    IReadOnlyList<TierRateView> TierRates, IReadOnlyList<PartnerStoreView> Stores, IReadOnlyList<PostView> Posts,
    double? Rating, int ReviewCount, IReadOnlyList<PublicReview> Reviews, bool IsFollowed, int Followers);

/// <summary>Everything a visitor wants to know about one partner before going there.</summary>
public sealed class GetPartnerPage(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<PartnerPageView> HandleAsync(string slug, Guid? viewer, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var p = await db.Partners.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug && x.Status == PartnerStatus.Active, ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner is not in the program.");
        var program = await GetProgram.LoadAsync(db, ct);
        var tiers = p.UsesProgramTiers && p.ProgramType == ProgramType.Points
            ? program.Tiers.OrderBy(t => t.Rank).Select(t => new TierRateView(t.Name, t.EarnRateBp / 100m, t.RedemptionCapBp / 100m)).ToList()
            : [];
        var stores = await db.Stores.AsNoTracking().Where(s => s.PartnerId == p.Id).OrderBy(s => s.City).ThenBy(s => s.Name).Take(200)
            .Select(s => new PartnerStoreView(s.Id, s.Name, s.City, s.Address, s.OpeningHours, s.IsOnline)).ToListAsync(ct);
        var posts = await PostQueries.Current(db, now).Where(x => x.PartnerId == p.Id).OrderByDescending(x => x.PublishedAt).Take(10)
            .Select(PostQueries.ToView(p.Name, p.Slug)).ToListAsync(ct);
        var published = db.Reviews.AsNoTracking().Where(r => r.PartnerId == p.Id && r.Status == ReviewStatus.Published);
        var count = await published.CountAsync(ct);
        var rating = count == 0 ? (double?)null : await published.AverageAsync(r => (double)r.Rating, ct);
        var reviews = await ReviewQueries.Public(db, published.OrderByDescending(r => r.CreatedAt).Take(10)).ToListAsync(ct);
        var followed = viewer is { } v && await db.PartnerSubscriptions.AnyAsync(s => s.PartnerId == p.Id && s.CustomerId == v, ct);
        var followers = await db.PartnerSubscriptions.CountAsync(s => s.PartnerId == p.Id, ct);
        var area = (await ManageBusinessAreas.LabelsAsync(db, ct)).For(p.AreaId);
        return new PartnerPageView(p.Id, p.Name, p.Slug, area, p.City, p.Description, p.Website, p.ProgramType,
            p.EarnRateBp / 100m, p.RedemptionCapBp / 100m, p.DiscountBp / 100m, tiers, stores, posts, rating, count, reviews, followed, followers);
    }
}
