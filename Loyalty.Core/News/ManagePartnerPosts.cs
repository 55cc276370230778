using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.News;

public sealed record PostRow(Guid Id, PostKind Kind, string Title, string Body, DateTime? PublishedAt, DateTime? EndsAt, Guid? SegmentId,
    string? Segment, DateTime CreatedAt, bool IsArchived, DateTime? ImageAt = null)
{
    public string? ImageUrl => PostImages.Url(Id, ImageAt);
}

public sealed record PostForm(PostKind Kind, string? Title, string? Body, DateTime? PublishAt, DateTime? EndsAt, Guid? SegmentId);

/// <summary>The cabinet's news and offers editor. Every query is scoped to the caller's partner.</summary>
public sealed class ManagePartnerPosts(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<PostRow>> ListAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.PartnerPosts.AsNoTracking().Where(p => p.PartnerId == partnerId && !p.IsArchived)
            .OrderByDescending(p => p.CreatedAt).Take(200)
            .Select(p => new PostRow(p.Id, p.Kind, p.Title, p.Body, p.PublishedAt, p.EndsAt, p.SegmentId,
                db.Segments.Where(s => s.Id == p.SegmentId).Select(s => s.Name).FirstOrDefault(), p.CreatedAt, p.IsArchived, p.ImageAt))
            .ToListAsync(ct);
    }

    /// <summary>Segments the partner may target: its own.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> SegmentsAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = await db.Segments.AsNoTracking().Where(s => s.OwnerPartnerId == partnerId).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Name)).ToList();
    }

    public async Task<Guid> SaveAsync(Guid partnerId, Guid? postId, PostForm form, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        if (form.SegmentId is { } segmentId && !await db.Segments.AnyAsync(s => s.Id == segmentId && s.OwnerPartnerId == partnerId, ct))
            throw ValidationException.For("segmentId", "Choose one of your own segments.");
        PartnerPost post;
        if (postId is { } id)
        {
            post = await db.PartnerPosts.FirstOrDefaultAsync(p => p.Id == id && p.PartnerId == partnerId, ct)
                ?? throw DomainException.NotFound("post-not-found", "This post does not exist.");
        }
        else
        {
            post = new PartnerPost(partnerId, now);
            db.PartnerPosts.Add(post);
        }
        post.Edit(form.Kind, form.Title, form.Body, form.PublishAt, form.EndsAt, form.SegmentId);
        db.AuditEvents.Add(new AuditEvent(now, "post.saved", actor, $"{form.Kind} \"{post.Title}\" saved", partnerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return post.Id;
    }

    /// <summary>Sets or replaces the post's picture after checking what the bytes really are (0152).</summary>
    public async Task SetImageAsync(Guid partnerId, Guid postId, byte[] content, string actor, CancellationToken ct = default)
    {
        var type = PostImages.Validate(content);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var post = await db.PartnerPosts.FirstOrDefaultAsync(p => p.Id == postId && p.PartnerId == partnerId, ct)
            ?? throw DomainException.NotFound("post-not-found", "This post does not exist.");
        var image = await db.PartnerPostImages.FirstOrDefaultAsync(i => i.PostId == postId, ct);
        if (image is null) db.PartnerPostImages.Add(new PartnerPostImage(postId, type, content));
        else image.Replace(type, content);
        post.SetImage(now);
        db.AuditEvents.Add(new AuditEvent(now, "post.image-set", actor, $"Picture of \"{post.Title}\" set ({content.Length:N0} bytes)", partnerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task RemoveImageAsync(Guid partnerId, Guid postId, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var post = await db.PartnerPosts.FirstOrDefaultAsync(p => p.Id == postId && p.PartnerId == partnerId, ct)
            ?? throw DomainException.NotFound("post-not-found", "This post does not exist.");
        post.RemoveImage();
        db.AuditEvents.Add(new AuditEvent(now, "post.image-removed", actor, $"Picture of \"{post.Title}\" removed", partnerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.PartnerPostImages.Where(i => i.PostId == postId).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task ArchiveAsync(Guid partnerId, Guid postId, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var post = await db.PartnerPosts.FirstOrDefaultAsync(p => p.Id == postId && p.PartnerId == partnerId, ct)
            ?? throw DomainException.NotFound("post-not-found", "This post does not exist.");
        post.Archive();
        db.AuditEvents.Add(new AuditEvent(now, "post.archived", actor, $"\"{post.Title}\" archived", partnerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
