using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>A mailing in the operator's coalition-wide list; <see cref="PartnerId"/> null is the operator's own.</summary>
public sealed record CoalitionMailingRow(Guid Id, string Name, MessageChannel Channel, MailingStatus Status, DateTime? ScheduledAt, DateTime UpdatedAt,
    int Recipients, int Sent, int Failed, Guid? PartnerId, string? PartnerName);

/// <summary>
/// Every mailing in the coalition — the operator's and all partners' — newest first, with send progress, filtered by owner
/// and status and paged in the database. Operator only: partners use <see cref="ListMailings"/>.
/// </summary>
public sealed class ListCoalitionMailings(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<CoalitionMailingRow>> HandleAsync(OwnerFilter owner, int page, int pageSize, MailingStatus? status = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Mailings.AsNoTracking();
        if (owner.OperatorOnly) query = query.Where(m => m.OwnerPartnerId == null);
        else if (owner.PartnerId is { } partner) query = query.Where(m => m.OwnerPartnerId == partner);
        if (status is { } s) query = query.Where(m => m.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.CreatedAt).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200))
            .Select(m => new CoalitionMailingRow(m.Id, m.Name, m.Channel, m.Status, m.ScheduledAt, m.UpdatedAt, m.RecipientCount,
                db.OutgoingMessages.Count(o => o.MailingId == m.Id && (o.Status == MessageStatus.Sent || o.Status == MessageStatus.Delivered)),
                db.OutgoingMessages.Count(o => o.MailingId == m.Id && o.Status == MessageStatus.Failed),
                m.OwnerPartnerId, db.Partners.Where(p => p.Id == m.OwnerPartnerId).Select(p => p.Name).FirstOrDefault()))
            .ToListAsync(ct);
        return new Page<CoalitionMailingRow>(items, total);
    }
}
