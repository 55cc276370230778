using Loyalty.Core.Common;

namespace Loyalty.Core.Reviews;

public sealed record PublicReview(Guid Id, string Author, int Rating, string? Text, DateTime CreatedAt, string Store, string? Reply, DateTime? RepliedAt);

internal static class ReviewQueries
{
    /// <summary>A review as the public sees it: the author's first name and the initial of their last name only.</summary>
    public static IQueryable<PublicReview> Public(ILoyaltyDb db, IQueryable<Review> reviews) =>
        reviews.Select(r => new PublicReview(r.Id,
            db.Customers.Where(c => c.Id == r.CustomerId).Select(c => c.FirstName).FirstOrDefault() ?? "",
            r.Rating, r.Text, r.CreatedAt,
            db.Stores.Where(s => s.Id == r.StoreId).Select(s => s.Name).FirstOrDefault() ?? "",
            r.Reply, r.RepliedAt));
}
