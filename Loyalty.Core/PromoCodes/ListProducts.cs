using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record ProductRow(Guid Id, string Sku, string Name, string Brand, int PointsPerCode, string? PhotoUrl, long Codes, long Activated);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>A manufacturer's products with how many codes were generated and activated, paged in the database.</summary>
public sealed class ListProducts(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<ProductRow>> HandleAsync(Guid partnerId, string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Products.AsNoTracking().Where(p => p.PartnerId == partnerId && !p.IsArchived);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            query = query.Where(p => p.Sku.Contains(s) || p.Name.Contains(s) || p.Brand.Contains(s));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.Name).Skip(skip).Take(Math.Clamp(take, 1, 100))
            .Select(p => new ProductRow(p.Id, p.Sku, p.Name, p.Brand, p.PointsPerCode, p.PhotoUrl,
                db.CodeBatches.Where(b => b.ProductId == p.Id).Sum(b => (long)b.Quantity),
                db.PromoActivations.LongCount(a => a.ProductId == p.Id)))
            .ToListAsync(ct);
        return new Page<ProductRow>(items, total);
    }
}
