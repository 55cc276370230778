using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>
/// The operator stops a partner's scheduled or sending mailing (spam complaints, a wrong offer, a rules breach): the
/// mailing is cancelled and whatever is still queued for it will not go out. The operator does not edit or send partners'
/// mailings (decision 0140). The reason is mandatory and is audited under the partner, so its staff see why.
/// </summary>
public sealed class CancelPartnerMailing(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int ReasonMaxLength = 300;

    public async Task HandleAsync(Guid mailingId, string reason, string actor, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0) throw ValidationException.For("reason", "Say why: the partner sees this reason.");
        if (reason.Length > ReasonMaxLength) throw ValidationException.For("reason", $"Keep the reason under {ReasonMaxLength} characters.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var mailing = await db.Mailings.FirstOrDefaultAsync(m => m.Id == mailingId && m.OwnerPartnerId != null, ct)
            ?? throw DomainException.NotFound("mailing-not-found", "This mailing does not exist.");
        mailing.Cancel(now);
        db.AuditEvents.Add(new AuditEvent(now, "mailing.operator-cancelled", actor, $"Mailing \"{mailing.Name}\" cancelled by the operator: {reason}",
            partnerId: mailing.OwnerPartnerId));
        await db.SaveChangesAsync(ct);
        await Outbox.SkipQueuedAsync(db, mailing.Id, "cancelled", "The mailing was cancelled by the operator.", ct);
        await tx.CommitAsync(ct);
    }
}
