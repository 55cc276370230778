using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <param name="Uncertain">Rows an earlier version left "outcome unknown" after a crash (no longer produced).</param>
/// <param name="ResentAfterCrash">Rows resent because a crash left them mid-hand-over: each may have arrived twice.</param>
public sealed record MailingFigures(int Recipients, int Queued, int Sent, int Delivered, int Failed, int Skipped, int Uncertain, int ResentAfterCrash, int Opened, int Clicked, int Unsubscribed, int Conversions, int ConversionWindowDays)
{
    public double Rate(int part) => Sent == 0 ? 0 : (double)part / Sent;
}

/// <summary>
/// Delivery and engagement of one mailing (tests excluded). A conversion is a recipient who bought at the sender (anywhere,
/// for the operator's mailings) within the window after their message was sent; each recipient counts once.
/// </summary>
public sealed class GetMailingFigures(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<MailingFigures> HandleAsync(Guid? ownerPartnerId, Guid mailingId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var mailing = await MailingAccess.FindAsync(db, ownerPartnerId, mailingId, ct);
        var rows = db.OutgoingMessages.AsNoTracking().Where(m => m.MailingId == mailingId && !m.IsTest);
        var byStatus = await rows.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var engagement = await rows.GroupBy(_ => 1).Select(g => new
        {
            Opened = g.Count(m => m.OpenedAt != null),
            Clicked = g.Count(m => m.ClickedAt != null),
            Unsubscribed = g.Count(m => m.UnsubscribedAt != null),
            Resent = g.Count(m => m.ErrorCode == DispatchOutbox.InDoubt),
        }).FirstOrDefaultAsync(ct);

        var window = mailing.ConversionWindowDays;
        var partner = mailing.OwnerPartnerId;
        var conversions = await rows.Where(m => m.SentAt != null)
            .CountAsync(m => db.Purchases.Any(p => p.CustomerId == m.CustomerId && (partner == null || p.PartnerId == partner)
                && p.OccurredAt > m.SentAt && p.OccurredAt <= m.SentAt!.Value.AddDays(window)), ct);

        int Of(MessageStatus s) => byStatus.GetValueOrDefault(s);
        return new MailingFigures(mailing.RecipientCount, Of(MessageStatus.Queued) + Of(MessageStatus.Sending), Of(MessageStatus.Sent) + Of(MessageStatus.Delivered),
            Of(MessageStatus.Delivered), Of(MessageStatus.Failed), Of(MessageStatus.Skipped), Of(MessageStatus.Uncertain), engagement?.Resent ?? 0,
            engagement?.Opened ?? 0, engagement?.Clicked ?? 0, engagement?.Unsubscribed ?? 0, conversions, window);
    }
}
