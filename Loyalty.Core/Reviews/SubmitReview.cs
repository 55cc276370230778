using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reviews;

/// <summary>A member rates the store of one of their purchases. One review per purchase; a second is refused.</summary>
public sealed class SubmitReview(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid customerId, Guid purchaseId, int rating, string? text, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var purchase = await db.Purchases.AsNoTracking().Where(p => p.Id == purchaseId && p.CustomerId == customerId)
            .Select(ReviewedPurchase.Of).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("purchase-not-found", "This purchase is not in your history.");
        if (await db.Reviews.AnyAsync(r => r.PurchaseId == purchaseId, ct))
            throw DomainException.Conflict("review-exists", "You have already reviewed this purchase.");
        var review = new Review(purchase, rating, text, now);
        await using var tx = await db.BeginWriteAsync(ct);
        db.Reviews.Add(review);
        db.AuditEvents.Add(new AuditEvent(now, "review.submitted", null, $"{rating}-star review", purchase.PartnerId, customerId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("review-exists", "You have already reviewed this purchase.");
        }
        await tx.CommitAsync(ct);
        return review.Id;
    }
}
