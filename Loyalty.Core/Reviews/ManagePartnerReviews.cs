using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reviews;

public sealed record PartnerReviewRow(Guid Id, string Customer, string Store, int Rating, string? Text, DateTime CreatedAt, ReviewStatus Status,
    string? Reply, DateTime? RepliedAt, string? FlagReason, long? RewardPoints);

public sealed record ReviewSummary(double? Average, int Count, IReadOnlyDictionary<int, int> ByStars);

public sealed record ReviewFilter(int? Rating, bool? Unanswered, int Page = 0, int PageSize = 20);

/// <summary>
/// The cabinet's reviews: list with ratings, reply publicly, flag for the operator, reward with points exactly once.
/// Every query is scoped to the caller's partner.
/// </summary>
public sealed class ManagePartnerReviews(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const long MaxRewardPoints = 100_000; // hundredths: 1,000 points

    public async Task<Messaging.Page<PartnerReviewRow>> ListAsync(Guid partnerId, ReviewFilter filter, CancellationToken ct = default)
    {
        var size = Math.Clamp(filter.PageSize, 1, 100);
        await using var db = dbs.Create();
        var reviews = db.Reviews.AsNoTracking().Where(r => r.PartnerId == partnerId);
        if (filter.Rating is { } stars) reviews = reviews.Where(r => r.Rating == stars);
        if (filter.Unanswered == true) reviews = reviews.Where(r => r.Reply == null);
        var total = await reviews.CountAsync(ct);
        var rows = await reviews.OrderByDescending(r => r.CreatedAt).Skip(Math.Max(0, filter.Page) * size).Take(size)
            .Select(r => new PartnerReviewRow(r.Id,
                db.Customers.Where(c => c.Id == r.CustomerId).Select(c => c.FirstName).FirstOrDefault() ?? "",
                db.Stores.Where(s => s.Id == r.StoreId).Select(s => s.Name).FirstOrDefault() ?? "",
                r.Rating, r.Text, r.CreatedAt, r.Status, r.Reply, r.RepliedAt, r.FlagReason, r.RewardPoints))
            .ToListAsync(ct);
        return new Messaging.Page<PartnerReviewRow>(rows, total);
    }

    public async Task<ReviewSummary> SummaryAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var byStars = await db.Reviews.AsNoTracking().Where(r => r.PartnerId == partnerId && r.Status == ReviewStatus.Published)
            .GroupBy(r => r.Rating).Select(g => new { Stars = g.Key, Count = g.Count() }).ToListAsync(ct);
        var count = byStars.Sum(s => s.Count);
        return new ReviewSummary(count == 0 ? null : byStars.Sum(s => s.Stars * s.Count) / (double)count, count,
            Enumerable.Range(1, 5).ToDictionary(s => s, s => byStars.FirstOrDefault(x => x.Stars == s)?.Count ?? 0));
    }

    public async Task ReplyAsync(Guid partnerId, Guid reviewId, string? reply, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var review = await FindAsync(db, partnerId, reviewId, ct);
        review.ReplyWith(reply, now);
        db.AuditEvents.Add(new AuditEvent(now, "review.replied", actor, "Replied to a review", partnerId, review.CustomerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task FlagAsync(Guid partnerId, Guid reviewId, string? reason, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var review = await FindAsync(db, partnerId, reviewId, ct);
        review.Flag(reason);
        db.AuditEvents.Add(new AuditEvent(now, "review.flagged", actor, $"Review flagged for moderation: {review.FlagReason}", partnerId, review.CustomerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Points from the partner's issuance account to the author. A guarded update claims the review first, in the same
    /// transaction as the transfer: two clicks, two tabs or two nodes give the points once, and a failed transfer
    /// leaves the review unrewarded.
    /// </summary>
    public async Task RewardAsync(Guid partnerId, Guid reviewId, decimal points, string actor, CancellationToken ct = default)
    {
        if (!PointValue.TryFromDecimal(points, out var amount) || amount <= 0 || amount > MaxRewardPoints) throw ValidationException.For("points", "Give between 0.01 and 1,000 points.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var review = await db.Reviews.AsNoTracking().Where(r => r.Id == reviewId && r.PartnerId == partnerId)
            .Select(r => new { r.CustomerId, r.RewardedAt }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("review-not-found", "This review does not exist.");
        var partnerName = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).FirstAsync(ct);
        await using var tx = await db.BeginWriteAsync(ct);
        var claimed = await db.Reviews.Where(r => r.Id == reviewId && r.RewardedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RewardedAt, now).SetProperty(r => r.RewardPoints, amount), ct);
        if (claimed != 1) throw DomainException.Conflict("review-rewarded", "This review has already been rewarded.");
        var issuance = await Ledger.PartnerAccountAsync(db, partnerId, AccountKind.PartnerIssuance, ct);
        var main = await Ledger.CustomerAccountAsync(db, review.CustomerId, AccountKind.CustomerMain, ct);
        var program = await Programs.GetProgram.LoadAsync(db, ct);
        await Ledger.PostAsync(db, now, Review.RewardReason, $"Thank you for your review of {partnerName}",
            [new Leg(issuance, -amount), new Leg(main, amount)], review.CustomerId, partnerId,
            lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
        db.AuditEvents.Add(new AuditEvent(now, "review.rewarded", actor, $"Review rewarded with {PointValue.Format(amount)} points", partnerId, review.CustomerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<Review> FindAsync(ILoyaltyDb db, Guid partnerId, Guid reviewId, CancellationToken ct) =>
        await db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId && r.PartnerId == partnerId, ct)
        ?? throw DomainException.NotFound("review-not-found", "This review does not exist.");
}
