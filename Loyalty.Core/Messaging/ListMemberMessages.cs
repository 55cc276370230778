using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record MemberMessageRow(long Id, DateTime CreatedAt, MessageChannel Channel, string Recipient, string? Subject, MessageStatus Status,
    string? Sender, string? Mailing, bool IsTransactional, DateTime? OpenedAt, DateTime? ClickedAt);

/// <summary>
/// Every message sent to one member (from the message log: mailings, single messages, sign-in codes), newest first, with
/// who sent it; paged in the database on the (CustomerId, …) index. For the operator's member card.
/// </summary>
public sealed class ListMemberMessages(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<MemberMessageRow>> HandleAsync(Guid customerId, int page = 0, int pageSize = 10, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.OutgoingMessages.AsNoTracking().Where(m => m.CustomerId == customerId && !m.IsTest);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100))
            .Select(m => new MemberMessageRow(m.Id, m.CreatedAt, m.Channel, m.Recipient, m.Subject, m.Status,
                db.Partners.Where(p => p.Id == m.OwnerPartnerId).Select(p => p.Name).FirstOrDefault(),
                db.Mailings.Where(x => x.Id == m.MailingId).Select(x => x.Name).FirstOrDefault(),
                m.IsTransactional, m.OpenedAt, m.ClickedAt))
            .ToListAsync(ct);
        return new Page<MemberMessageRow>(items, total);
    }
}
