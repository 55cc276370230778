using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record SaveProductCommand(Guid? ProductId, string Sku, string Name, string Brand, int PointsPerCode, string? PhotoUrl);

/// <summary>A manufacturer adds or edits one of its products. The SKU is unique per manufacturer.</summary>
public sealed class SaveProduct(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid partnerId, SaveProductCommand command, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => new { p.IsManufacturer }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("partner-not-found", "No such partner.");
        if (!partner.IsManufacturer) throw new DomainException("not-a-manufacturer", "Only manufacturers have products with promo codes.");

        Product product;
        if (command.ProductId is { } id)
        {
            // Filtered by partner: another manufacturer's product is simply not found.
            product = await db.Products.FirstOrDefaultAsync(p => p.Id == id && p.PartnerId == partnerId, ct)
                ?? throw DomainException.NotFound("product-not-found", "No such product.");
            product.Update(command.Sku, command.Name, command.Brand, command.PointsPerCode, command.PhotoUrl);
        }
        else
        {
            product = new Product(partnerId, command.Sku, command.Name, command.Brand, command.PointsPerCode, command.PhotoUrl, now);
            db.Products.Add(product);
        }
        var sku = product.Sku;
        var productId = product.Id;
        if (await db.Products.AnyAsync(p => p.PartnerId == partnerId && p.Sku == sku && p.Id != productId, ct))
            throw ValidationException.For("sku", "You already have a product with this SKU.");
        db.AuditEvents.Add(new AuditEvent(now, command.ProductId is null ? "product.created" : "product.updated", actor,
            $"{product.Sku} {product.Name}: {product.PointsPerCode} point(s) per code", partnerId));
        await db.SaveChangesAsync(ct);
        return product.Id;
    }
}
