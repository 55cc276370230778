using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

/// <summary>Withdraws a contest before it starts. A started contest cannot be withdrawn quietly: members are already taking part.</summary>
public sealed class CancelContest(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(Guid id, Guid? ownerPartnerId, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var contest = await db.Contests.FirstOrDefaultAsync(c => c.Id == id && c.OwnerPartnerId == ownerPartnerId, ct)
            ?? throw DomainException.NotFound("contest-not-found", "This contest does not exist.");
        if (contest.Status != ContestStatus.Scheduled) throw DomainException.Conflict("contest-closed", "This contest is already closed.");
        if (contest.HasStarted(now)) throw DomainException.Conflict("contest-started", "The contest has started; members are taking part, so it runs to its end.");
        contest.Cancel(now);
        db.AuditEvents.Add(new AuditEvent(now, "contest.cancelled", actor, contest.Title, ownerPartnerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
