using System.Linq.Expressions;
using Loyalty.Core.Common;
using Loyalty.Core.Partners;

namespace Loyalty.Core.News;

public sealed record PostView(Guid Id, Guid PartnerId, string Partner, string PartnerSlug, PostKind Kind, string Title, string Body,
    DateTime PublishedAt, DateTime? EndsAt, DateTime? ImageAt = null)
{
    /// <summary>Where the picture is served; the version makes a replaced picture a new URL (long browser caching).</summary>
    public string? ImageUrl => PostImages.Url(Id, ImageAt);
}

internal static class PostQueries
{
    /// <summary>Published, not archived, not ended, by an active partner.</summary>
    public static IQueryable<PartnerPost> Current(ILoyaltyDb db, DateTime now) =>
        db.PartnerPosts.Where(p => !p.IsArchived && p.PublishedAt != null && p.PublishedAt <= now && (p.EndsAt == null || p.EndsAt > now)
            && db.Partners.Any(x => x.Id == p.PartnerId && x.Status == PartnerStatus.Active));

    public static Expression<Func<PartnerPost, PostView>> ToView(string partner, string slug) =>
        p => new PostView(p.Id, p.PartnerId, partner, slug, p.Kind, p.Title, p.Body, p.PublishedAt!.Value, p.EndsAt, p.ImageAt);
}
