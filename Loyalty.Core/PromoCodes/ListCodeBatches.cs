using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record CodeBatchRow(
    int Number, Guid PartnerId, string PartnerName, string ProductSku, string ProductName, int PointsPerCode, int Quantity,
    int CodesDone, CodeBatchStatus Status, DateTime CreatedAt, DateTime? GeneratedAt, long Activated, long Blocked)
{
    public double Progress => Quantity == 0 ? 100 : 100.0 * CodesDone / Quantity;
}

/// <summary>Batches with generation progress, newest first; a partner sees only its own.</summary>
public sealed class ListCodeBatches(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<CodeBatchRow>> HandleAsync(Guid? partnerId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.CodeBatches.AsNoTracking();
        if (partnerId is { } p) query = query.Where(b => b.PartnerId == p);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(b => b.Number).Skip(skip).Take(Math.Clamp(take, 1, 100))
            .Select(b => new
            {
                b.Number, b.PartnerId, b.Quantity, b.ChunksDone, b.ChunkSize, b.Status, b.CreatedAt, b.GeneratedAt,
                Partner = db.Partners.Where(x => x.Id == b.PartnerId).Select(x => x.Name).First(),
                Sku = db.Products.Where(x => x.Id == b.ProductId).Select(x => x.Sku).First(),
                Product = db.Products.Where(x => x.Id == b.ProductId).Select(x => x.Name).First(),
                Points = db.Products.Where(x => x.Id == b.ProductId).Select(x => x.PointsPerCode).First(),
                Activated = db.PromoActivations.LongCount(a => a.BatchNumber == b.Number),
                Blocked = db.CodeBlocks.Where(x => x.BatchNumber == b.Number).Sum(x => (long?)x.Codes) ?? 0,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new CodeBatchRow(r.Number, r.PartnerId, r.Partner, r.Sku, r.Product, r.Points, r.Quantity,
            (int)Math.Min((long)r.ChunksDone * r.ChunkSize, r.Quantity), r.Status, r.CreatedAt, r.GeneratedAt, r.Activated, r.Blocked)).ToList();
        return new Page<CodeBatchRow>(items, total);
    }
}
