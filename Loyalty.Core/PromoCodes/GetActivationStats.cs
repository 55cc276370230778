using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record ActivationCount(string Label, long Activations, long Points);

public sealed record ActivationStats(
    long Total, long Points, IReadOnlyList<ActivationCount> ByDay, IReadOnlyList<ActivationCount> ByProduct,
    IReadOnlyList<ActivationCount> ByBatch, IReadOnlyList<ActivationCount> ByRegion);

/// <summary>Activations over a period per day, product, batch and region: the operator sees all, a manufacturer its own.</summary>
public sealed class GetActivationStats(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ActivationStats> HandleAsync(Guid? partnerId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.PromoActivations.AsNoTracking().Where(a => a.ActivatedAt >= fromUtc && a.ActivatedAt < toUtc);
        if (partnerId is { } p) query = query.Where(a => a.PartnerId == p);

        var total = await query.LongCountAsync(ct);
        var points = await query.SumAsync(a => (long?)a.Points, ct) ?? 0;
        var byProduct = await query.GroupBy(a => a.ProductId)
            .Select(g => new { g.Key, Count = g.LongCount(), Points = g.Sum(a => (long)a.Points) }).ToListAsync(ct);
        var productNames = await db.Products.AsNoTracking().Where(x => byProduct.Select(b => b.Key).Contains(x.Id))
            .ToDictionaryAsync(x => x.Id, x => $"{x.Brand} {x.Name}", ct);
        var byBatch = await query.GroupBy(a => a.BatchNumber)
            .Select(g => new { g.Key, Count = g.LongCount(), Points = g.Sum(a => (long)a.Points) }).ToListAsync(ct);
        var byRegion = await query.GroupBy(a => a.Region)
            .Select(g => new { g.Key, Count = g.LongCount(), Points = g.Sum(a => (long)a.Points) }).ToListAsync(ct);
        var days = await query.GroupBy(a => a.ActivatedOn)
            .Select(g => new { g.Key, Count = g.LongCount(), Points = g.Sum(a => (long)a.Points) }).ToListAsync(ct);
        var byDay = days.OrderBy(d => d.Key).Select(d => new ActivationCount(d.Key.ToString("yyyy-MM-dd"), d.Count, d.Points)).ToList();

        return new ActivationStats(total, points, byDay,
            byProduct.OrderByDescending(x => x.Count).Select(x => new ActivationCount(productNames.GetValueOrDefault(x.Key, "?"), x.Count, x.Points)).ToList(),
            byBatch.OrderByDescending(x => x.Count).Select(x => new ActivationCount($"#{x.Key}", x.Count, x.Points)).ToList(),
            byRegion.OrderByDescending(x => x.Count).Select(x => new ActivationCount(x.Key ?? "—", x.Count, x.Points)).ToList());
    }
}
