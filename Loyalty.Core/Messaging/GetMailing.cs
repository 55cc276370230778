using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record MailingDetails(Guid Id, MailingDraft Draft, MailingStatus Status, DateTime? ScheduledAt, DateTime? QueuedAt, DateTime? CompletedAt, int Recipients, string CreatedBy, DateTime CreatedAt)
{
    public bool IsEditable => Status is MailingStatus.Draft or MailingStatus.Scheduled;
}

public sealed class GetMailing(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<MailingDetails> HandleAsync(Guid? ownerPartnerId, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var m = await MailingAccess.FindAsync(db, ownerPartnerId, id, ct);
        return new MailingDetails(m.Id, new MailingDraft(m.Name, m.Channel, m.Subject, m.Body, m.Offer, m.Audience, m.ConversionWindowDays),
            m.Status, m.ScheduledAt, m.QueuedAt, m.CompletedAt, m.RecipientCount, m.CreatedBy, m.CreatedAt);
    }
}
