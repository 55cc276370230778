using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.News;

public sealed record FeedItem(PostView Post, bool ForYou, bool Following);

/// <summary>
/// Current offers and news for a member, most relevant first: offers aimed at a segment the member is in, then posts of
/// partners they follow, then the rest, newest first within each. Also the public list of current deals (no member).
/// </summary>
public sealed class ListMemberFeed(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<FeedItem>> HandleAsync(Guid? customerId, PostKind? kind, int take, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var posts = PostQueries.Current(db, now);
        if (kind is { } k) posts = posts.Where(p => p.Kind == k);
        var id = customerId ?? Guid.Empty;
        // Targeted offers are shown only to their segment; everything else to everyone.
        posts = posts.Where(p => p.SegmentId == null || db.SegmentMembers.Any(m => m.SegmentId == p.SegmentId && m.CustomerId == id));
        var rows = await posts
            .Select(p => new
            {
                Post = p,
                Partner = db.Partners.Where(x => x.Id == p.PartnerId).Select(x => new { x.Name, x.Slug }).First(),
                ForYou = p.SegmentId != null,
                Following = db.PartnerSubscriptions.Any(s => s.PartnerId == p.PartnerId && s.CustomerId == id),
            })
            .OrderByDescending(x => x.ForYou).ThenByDescending(x => x.Following).ThenByDescending(x => x.Post.PublishedAt)
            .Take(Math.Clamp(take, 1, 100))
            .ToListAsync(ct);
        return rows.Select(r => new FeedItem(new PostView(r.Post.Id, r.Post.PartnerId, r.Partner.Name, r.Partner.Slug, r.Post.Kind, r.Post.Title,
            r.Post.Body, r.Post.PublishedAt!.Value, r.Post.EndsAt, r.Post.ImageAt), r.ForYou, r.Following)).ToList();
    }
}
