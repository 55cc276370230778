using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

/// <summary>
/// The print run left the printer. "Shipped" is a batch status: rewriting millions of code rows to say the same would
/// cost minutes of writes for no new information, so a code row only records what is its own (activated, blocked).
/// </summary>
public sealed class MarkBatchShipped(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(int batchNumber, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var batch = await db.CodeBatches.FirstOrDefaultAsync(b => b.Number == batchNumber, ct)
            ?? throw DomainException.NotFound("batch-not-found", "No such batch.");
        batch.MarkShipped(now);
        db.AuditEvents.Add(new AuditEvent(now, "codes.shipped", actor, $"Batch {batchNumber} marked as shipped", batch.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
