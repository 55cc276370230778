using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.News;

public sealed record PostImageFile(string ContentType, byte[] Content, bool IsPublic);

/// <summary>
/// A post's picture for the browser: anyone may have it while the post is on the portal (published, not ended, not
/// archived, partner active); otherwise only the post's own partner (its cabinet shows drafts). Anything else is "not
/// found", so ids of other partners' drafts cannot be probed.
/// </summary>
public sealed class GetPostImage(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<PostImageFile?> HandleAsync(Guid postId, Guid? viewerPartnerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var owner = await db.PartnerPosts.AsNoTracking().Where(p => p.Id == postId && p.ImageAt != null).Select(p => (Guid?)p.PartnerId).FirstOrDefaultAsync(ct);
        if (owner is null) return null;
        var isPublic = await PostQueries.Current(db, now).AnyAsync(p => p.Id == postId, ct);
        if (!isPublic && owner != viewerPartnerId) return null;
        var image = await db.PartnerPostImages.AsNoTracking().FirstOrDefaultAsync(i => i.PostId == postId, ct);
        return image is null ? null : new PostImageFile(image.ContentType, image.Content, isPublic);
    }
}
