using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reviews;

public sealed record ModerationRow(Guid Id, Guid PartnerId, string Partner, string Store, string Customer, int Rating, string? Text, DateTime CreatedAt,
    ReviewStatus Status, string? FlagReason, string? Reply);

public sealed record ModerationCounts(int Flagged, int Hidden);

/// <summary>
/// The operator's moderation queue (decision 0071): reviews partners flagged wait here, hidden from the public page and
/// the average, until operator staff keep them (published again) or hide them for good. Hidden reviews can be
/// restored. Each decision is in the data log with who made it and why.
/// </summary>
public sealed class ModerateReviews(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int NoteMaxLength = 500;

    public async Task<Messaging.Page<ModerationRow>> ListAsync(ReviewStatus status, int page, int pageSize, CancellationToken ct = default)
    {
        var size = Math.Clamp(pageSize, 1, 100);
        await using var db = dbs.Create();
        var reviews = db.Reviews.AsNoTracking().Where(r => r.Status == status);
        var total = await reviews.CountAsync(ct);
        // Oldest flag first: the queue is worked in the order partners asked.
        var rows = await reviews.OrderBy(r => r.CreatedAt).Skip(Math.Max(0, page) * size).Take(size)
            .Select(r => new ModerationRow(r.Id, r.PartnerId,
                db.Partners.Where(p => p.Id == r.PartnerId).Select(p => p.Name).FirstOrDefault() ?? "",
                db.Stores.Where(s => s.Id == r.StoreId).Select(s => s.Name).FirstOrDefault() ?? "",
                db.Customers.Where(c => c.Id == r.CustomerId).Select(c => c.FirstName).FirstOrDefault() ?? "",
                r.Rating, r.Text, r.CreatedAt, r.Status, r.FlagReason, r.Reply))
            .ToListAsync(ct);
        return new Messaging.Page<ModerationRow>(rows, total);
    }

    public async Task<ModerationCounts> CountsAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var counts = await db.Reviews.AsNoTracking().Where(r => r.Status != ReviewStatus.Published)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new ModerationCounts(counts.FirstOrDefault(c => c.Key == ReviewStatus.Flagged)?.Count ?? 0,
            counts.FirstOrDefault(c => c.Key == ReviewStatus.Hidden)?.Count ?? 0);
    }

    /// <summary>Publishes the review again (the flag was not justified).</summary>
    public Task KeepAsync(Guid reviewId, string? note, string actor, CancellationToken ct = default) =>
        DecideAsync(reviewId, note, actor, keep: true, ct);

    /// <summary>Hides the review from the public page and the partner's average (the member still sees it in their own list).</summary>
    public Task HideAsync(Guid reviewId, string? note, string actor, CancellationToken ct = default) =>
        DecideAsync(reviewId, note, actor, keep: false, ct);

    private async Task DecideAsync(Guid reviewId, string? note, string actor, bool keep, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > NoteMaxLength) throw ValidationException.For("note", "A note has at most 500 characters.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId, ct)
            ?? throw DomainException.NotFound("review-not-found", "This review does not exist.");
        if (keep) review.Publish();
        else review.Hide();
        var what = keep ? "kept (published again)" : "hidden";
        db.AuditEvents.Add(new AuditEvent(now, keep ? "review.kept" : "review.hidden", actor,
            $"Review {what} by moderation{(note is null ? "" : ": " + note)}", review.PartnerId, review.CustomerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
