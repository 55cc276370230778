using Loyalty.Core.Audit;
using Loyalty.Core.Common;

namespace Loyalty.Core.Messaging;

public enum MailingAction
{
    /// <summary>Send at the given instant (or now, if it has passed).</summary>
    Schedule,
    SendNow,

    /// <summary>Back to draft, before it is queued.</summary>
    Unschedule,

    /// <summary>Stop: queued messages not yet sent are skipped.</summary>
    Cancel,
}

/// <summary>Schedules, sends now, unschedules or cancels a mailing of the caller. The fan-out job picks up due mailings.</summary>
public sealed class ScheduleMailing(ILoyaltyDbFactory dbs, AudienceQuery audiences, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(Guid? ownerPartnerId, Guid mailingId, MailingAction action, DateTime? at, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var mailing = await MailingAccess.FindAsync(db, ownerPartnerId, mailingId, ct);
        switch (action)
        {
            case MailingAction.Schedule or MailingAction.SendNow:
                SaveMailing.Validate(new MailingDraft(mailing.Name, mailing.Channel, mailing.Subject, mailing.Body, mailing.Offer, mailing.Audience, mailing.ConversionWindowDays), audiences);
                if (action == MailingAction.Schedule && at is null) throw ValidationException.For("scheduledAt", "Choose when to send.");
                if (action == MailingAction.Schedule && at > now.AddDays(365)) throw ValidationException.For("scheduledAt", "Schedule within the next year.");
                mailing.Schedule(action == MailingAction.SendNow ? now : at!.Value, now);
                break;
            case MailingAction.Unschedule:
                mailing.Unschedule(now);
                break;
            case MailingAction.Cancel:
                mailing.Cancel(now);
                break;
        }
        db.AuditEvents.Add(new AuditEvent(now, "mailing." + action.ToString().ToLowerInvariant(), actor, $"Mailing \"{mailing.Name}\": {action}", partnerId: ownerPartnerId));
        await db.SaveChangesAsync(ct);
        if (action == MailingAction.Cancel)
        {
            // Set-based: whatever is still waiting in the outbox for this mailing will not go out.
            await Outbox.SkipQueuedAsync(db, mailing.Id, "cancelled", "The mailing was cancelled.", ct);
        }
        await tx.CommitAsync(ct);
    }
}
