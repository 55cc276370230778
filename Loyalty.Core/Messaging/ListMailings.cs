using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record MailingRow(Guid Id, string Name, MessageChannel Channel, MailingStatus Status, DateTime? ScheduledAt, DateTime UpdatedAt, int Recipients, int Sent, int Failed);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>The caller's mailings, newest first, with send progress; paged in the database.</summary>
public sealed class ListMailings(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<MailingRow>> HandleAsync(Guid? ownerPartnerId, int page, int pageSize, MailingStatus? status = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Mailings.AsNoTracking().Where(m => m.OwnerPartnerId == ownerPartnerId);
        if (status is { } s) query = query.Where(m => m.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.CreatedAt).Skip(page * pageSize).Take(pageSize)
            .Select(m => new MailingRow(m.Id, m.Name, m.Channel, m.Status, m.ScheduledAt, m.UpdatedAt, m.RecipientCount,
                db.OutgoingMessages.Count(o => o.MailingId == m.Id && (o.Status == MessageStatus.Sent || o.Status == MessageStatus.Delivered)),
                db.OutgoingMessages.Count(o => o.MailingId == m.Id && o.Status == MessageStatus.Failed)))
            .ToListAsync(ct);
        return new Page<MailingRow>(items, total);
    }
}
