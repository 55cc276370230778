using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record MessageQuery(string? Recipient, MessageChannel? Channel, MessageStatus? Status, Guid? MailingId, DateTime? From, DateTime? To, int Page, int PageSize);

public sealed record MessageLogRow(long Id, DateTime CreatedAt, DateTime? SentAt, MessageChannel Channel, string Recipient, string? Subject, string? Body,
    MessageStatus Status, string? Mailing, string? Provider, string? ErrorCode, string? Error, bool IsTest, bool IsTransactional, DateTime? OpenedAt, DateTime? ClickedAt);

/// <summary>The message log, newest first, filtered and paged in the database. A partner sees only its own messages; the operator all.</summary>
public sealed class SearchMessages(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<MessageLogRow>> HandleAsync(Guid? partnerScope, MessageQuery q, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.OutgoingMessages.AsNoTracking();
        if (partnerScope is { } partner) query = query.Where(m => m.OwnerPartnerId == partner);
        if (!string.IsNullOrWhiteSpace(q.Recipient))
        {
            var text = q.Recipient.Trim();
            query = query.Where(m => m.Recipient.Contains(text)
                || db.Customers.Any(c => c.Id == m.CustomerId && (c.Phone.Contains(text) || c.FirstName.Contains(text) || (c.Email != null && c.Email.Contains(text)))));
        }
        if (q.Channel is { } channel) query = query.Where(m => m.Channel == channel);
        if (q.Status is { } status) query = query.Where(m => m.Status == status);
        if (q.MailingId is { } mailing) query = query.Where(m => m.MailingId == mailing);
        if (q.From is { } from) query = query.Where(m => m.CreatedAt >= from);
        if (q.To is { } to) query = query.Where(m => m.CreatedAt < to);

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.Id).Skip(q.Page * q.PageSize).Take(q.PageSize)
            .Select(m => new MessageLogRow(m.Id, m.CreatedAt, m.SentAt, m.Channel,
                m.Recipient != "" ? m.Recipient : db.Customers.Where(c => c.Id == m.CustomerId).Select(c => c.FirstName + " (" + c.Phone + ")").FirstOrDefault() ?? "",
                m.Subject, m.Body, m.Status, db.Mailings.Where(x => x.Id == m.MailingId).Select(x => x.Name).FirstOrDefault(),
                m.Provider, m.ErrorCode, m.Error, m.IsTest, m.IsTransactional, m.OpenedAt, m.ClickedAt))
            .ToListAsync(ct);
        return new Page<MessageLogRow>(items, total);
    }
}
