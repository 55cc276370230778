using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Settlements;

/// <summary>Operator staff move a statement Draft → Confirmed (sent to the partner) → Paid (money moved); each step is audited.</summary>
public sealed class ChangeSettlementStatus(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public Task ConfirmAsync(Guid settlementId, string actor, CancellationToken ct = default) =>
        ChangeAsync(settlementId, actor, (s, now) => s.Confirm(now, actor), "settlement.confirmed", ct);

    public Task MarkPaidAsync(Guid settlementId, string reference, string actor, CancellationToken ct = default) =>
        ChangeAsync(settlementId, actor, (s, now) => s.MarkPaid(now, actor, reference ?? ""), "settlement.paid", ct);

    private async Task ChangeAsync(Guid id, string actor, Action<Settlement, DateTime> change, string kind, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var settlement = await db.Settlements.FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw DomainException.NotFound("settlement-not-found", "This statement does not exist.");
        change(settlement, now);
        db.AuditEvents.Add(new AuditEvent(now, kind, actor,
            $"{SettlementPeriod.Of(settlement.PeriodStart)}: net {Money.Format(settlement.NetAmount, settlement.Currency, System.Globalization.CultureInfo.InvariantCulture)}" +
            (settlement.PaymentReference is null ? "" : $", reference {settlement.PaymentReference}"), settlement.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
