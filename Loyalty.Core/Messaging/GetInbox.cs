using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record InboxItem(long Id, string? Title, string Body, string From, DateTime SentAt, bool IsRead);

/// <summary>The member's in-app messages, newest first, and how many are unread.</summary>
public sealed class GetInbox(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<(IReadOnlyList<InboxItem> Items, int Unread)> HandleAsync(Guid customerId, int take = 50, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var inbox = Inbox(db, customerId);
        var items = await inbox.OrderByDescending(m => m.SentAt).Take(take)
            .Select(m => new InboxItem(m.Id, m.Subject, m.Body ?? "",
                m.OwnerPartnerId == null ? "OneCard" : db.Partners.Where(p => p.Id == m.OwnerPartnerId).Select(p => p.Name).FirstOrDefault() ?? "",
                m.SentAt!.Value, m.ReadAt != null))
            .ToListAsync(ct);
        return (items, await inbox.CountAsync(m => m.ReadAt == null, ct));
    }

    public async Task<int> UnreadAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await Inbox(db, customerId).CountAsync(m => m.ReadAt == null, ct);
    }

    internal static IQueryable<OutgoingMessage> Inbox(ILoyaltyDb db, Guid customerId) =>
        db.OutgoingMessages.AsNoTracking().Where(m => m.CustomerId == customerId && m.Channel == MessageChannel.InApp && m.Status == MessageStatus.Sent && !m.IsTest);
}
