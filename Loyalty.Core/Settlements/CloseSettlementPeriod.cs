using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Settlements;

public sealed record ClosedPeriod(SettlementPeriod Period, int Created, int AlreadyClosed);

/// <summary>
/// Closes a finished month: a Draft statement for every partner whose issuance or redemption accounts moved in it,
/// computed from the ledger with the partner's contract terms of the moment. Idempotent: a partner that already has a
/// statement for the month is left exactly as it is, so closing twice (or the job and a person at once) changes nothing.
/// Transfers carry the instant they were posted, so nothing can land in a month after it ended.
/// </summary>
public sealed class CloseSettlementPeriod(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<ClosedPeriod> HandleAsync(SettlementPeriod period, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (period.End > now)
            throw new DomainException("period-not-finished", $"{period} has not ended yet; it can be closed from {period.End:yyyy-MM-dd} (UTC).");

        await using var db = dbs.Create();
        // Read outside the writer lock: the month is over, its entries no longer change.
        var totals = await LedgerTotals.ByPartnerAsync(db, period.Start, period.End, null, ct);
        totals = totals.Where(t => t.Issued != 0 || t.Redeemed != 0).ToList();

        await using var tx = await db.BeginWriteAsync(ct);
        var closed = await db.Settlements.Where(s => s.PeriodStart == period.Start).Select(s => s.PartnerId).ToListAsync(ct);
        var toCreate = totals.Where(t => !closed.Contains(t.PartnerId)).ToList();
        var ids = toCreate.Select(t => t.PartnerId).ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Currency, p.PointValueMinor, p.SettlementFeeBp }).ToDictionaryAsync(p => p.Id, ct);
        foreach (var t in toCreate)
        {
            var p = partners[t.PartnerId];
            db.Settlements.Add(new Settlement(t.PartnerId, period.Start, period.End, p.Currency, p.PointValueMinor, p.SettlementFeeBp,
                t.Issued, t.Redeemed, now));
        }
        if (toCreate.Count > 0)
            db.AuditEvents.Add(new AuditEvent(now, "settlement.period-closed", actor, $"{period}: {toCreate.Count} statement(s) drafted"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ClosedPeriod(period, toCreate.Count, closed.Count);
    }
}
