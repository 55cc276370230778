using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reviews;

public sealed record MyReview(Guid Id, string Partner, string PartnerSlug, string Store, int Rating, string? Text, DateTime CreatedAt,
    ReviewStatus Status, string? Reply, DateTime? RepliedAt, long? RewardPoints);

public sealed record ReviewablePurchase(Guid PurchaseId, string Partner, string Store, DateTime OccurredAt, long Amount, string Currency);

/// <summary>The member's own reviews with partners' replies, and their recent purchases still waiting for a review.</summary>
public sealed class ListMyReviews(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public static readonly TimeSpan ReviewWindow = TimeSpan.FromDays(60);

    public async Task<IReadOnlyList<MyReview>> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Reviews.AsNoTracking().Where(r => r.CustomerId == customerId).OrderByDescending(r => r.CreatedAt).Take(100)
            .Select(r => new MyReview(r.Id,
                db.Partners.Where(p => p.Id == r.PartnerId).Select(p => p.Name).First(),
                db.Partners.Where(p => p.Id == r.PartnerId).Select(p => p.Slug).First(),
                db.Stores.Where(s => s.Id == r.StoreId).Select(s => s.Name).FirstOrDefault() ?? "",
                r.Rating, r.Text, r.CreatedAt, r.Status, r.Reply, r.RepliedAt, r.RewardPoints))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ReviewablePurchase>> PendingAsync(Guid customerId, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime - ReviewWindow;
        await using var db = dbs.Create();
        return await db.Purchases.AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.OccurredAt >= since && !db.Reviews.Any(r => r.PurchaseId == p.Id))
            .OrderByDescending(p => p.OccurredAt).Take(5)
            .Select(p => new ReviewablePurchase(p.Id,
                db.Partners.Where(x => x.Id == p.PartnerId).Select(x => x.Name).First(),
                db.Stores.Where(s => s.Id == p.StoreId).Select(s => s.Name).FirstOrDefault() ?? "",
                p.OccurredAt, p.Amount, p.Currency))
            .ToListAsync(ct);
    }
}
