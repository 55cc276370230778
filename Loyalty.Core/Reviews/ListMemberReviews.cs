using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reviews;

public sealed record MemberReviewRow(Guid Id, DateTime CreatedAt, string Partner, string? Store, int Rating, string? Text, ReviewStatus Status,
    string? Reply, long? RewardPoints);

/// <summary>Every review one member wrote, at every partner, newest first, paged in the database (index CustomerId + CreatedAt).</summary>
public sealed class ListMemberReviews(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<(IReadOnlyList<MemberReviewRow> Items, int Total)> HandleAsync(Guid customerId, int page = 0, int pageSize = 10, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Reviews.AsNoTracking().Where(r => r.CustomerId == customerId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100))
            .Select(r => new MemberReviewRow(r.Id, r.CreatedAt,
                db.Partners.Where(p => p.Id == r.PartnerId).Select(p => p.Name).FirstOrDefault() ?? "",
                db.Stores.Where(s => s.Id == r.StoreId).Select(s => s.Name).FirstOrDefault(),
                r.Rating, r.Text, r.Status, r.Reply, r.RewardPoints))
            .ToListAsync(ct);
        return (items, total);
    }
}
