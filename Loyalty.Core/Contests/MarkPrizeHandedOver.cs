using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

/// <summary>
/// Records that a physical prize reached its winner: who handed it over and when. Once only. At the till the cashier names
/// the member they identified (<paramref name="toCustomer"/>), so a prize still on screen from the previous member cannot be
/// recorded as received by the next one.
/// </summary>
public sealed class MarkPrizeHandedOver(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(long winnerId, Guid? partnerId, bool operatorView, string actor, Guid? toCustomer = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var winner = await (from w in db.ContestWinners
                            join c in db.Contests on w.ContestId equals c.Id
                            where w.Id == winnerId && (operatorView || c.OwnerPartnerId == partnerId) && (toCustomer == null || w.CustomerId == toCustomer)
                            select new { w.Id, w.PrizeKind, w.Status, w.CustomerId, w.PrizeTitle, c.OwnerPartnerId }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("winner-not-found", "No such winner.");
        if (winner.PrizeKind != PrizeKind.Physical) throw DomainException.Conflict("not-physical", "Only physical prizes are handed over; points are paid automatically.");
        await using var tx = await db.BeginWriteAsync(ct);
        var changed = await db.ContestWinners.Where(w => w.Id == winnerId && w.Status == WinnerStatus.Awaiting)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WinnerStatus.HandedOver).SetProperty(w => w.HandedOverAt, now).SetProperty(w => w.HandedOverBy, actor), ct);
        if (changed != 1) throw DomainException.Conflict("already-handed-over", "This prize has already been handed over.");
        db.AuditEvents.Add(new AuditEvent(now, "contest.prize-handed-over", actor, winner.PrizeTitle, winner.OwnerPartnerId, winner.CustomerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
