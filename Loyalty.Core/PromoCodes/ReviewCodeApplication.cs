using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

/// <summary>
/// Operator staff approve an application, which creates its batch for the generation job, or reject it with a reason
/// the manufacturer sees.
/// </summary>
public sealed class ReviewCodeApplication(ILoyaltyDbFactory dbs, TimeProvider clock, PromoCodeSettings settings) : IUseCase
{
    public async Task<int> ApproveAsync(Guid applicationId, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var application = await FindAsync(db, applicationId, ct);
        application.Approve(actor, now);
        var number = (await db.CodeBatches.MaxAsync(b => (int?)b.Number, ct) ?? 0) + 1;
        db.CodeBatches.Add(new CodeBatch(number, application.PartnerId, application.ProductId, application.Id,
            application.Quantity, Math.Max(1, settings.ChunkSize), now));
        db.AuditEvents.Add(new AuditEvent(now, "codes.approved", actor, $"Application for {application.Quantity:N0} codes approved as batch {number}", application.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return number;
    }

    public async Task RejectAsync(Guid applicationId, string reason, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var application = await FindAsync(db, applicationId, ct);
        application.Reject(actor, now, reason ?? "");
        db.AuditEvents.Add(new AuditEvent(now, "codes.rejected", actor, $"Application for {application.Quantity:N0} codes rejected: {reason}", application.PartnerId));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<CodeApplication> FindAsync(ILoyaltyDb db, Guid id, CancellationToken ct) =>
        await db.CodeApplications.FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw DomainException.NotFound("application-not-found", "No such application.");
}
